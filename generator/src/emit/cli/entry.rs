//! The program's entry: `main` parses the command line (usage errors in the error format
//! asked for), runs the subcommand on a Tokio runtime, reports a failure and exits with its
//! code; `run` builds the client only for a subcommand that calls the API.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Context, globals};
use crate::plan::Plan;

/// `client`, `run`, `Command::call` (one arm per endpoint) and `main`.
pub(super) fn functions(
    plan: &Plan,
    context: &Context<'_>,
    webhook: Option<&proc_macro2::Ident>,
    arms: &[TokenStream],
) -> TokenStream {
    let krate = &context.krate;
    let error_format_env = context.env("ERROR_FORMAT");
    let client = globals::client_fn(plan, context);
    // The webhook tools call no API: no client, no credentials, no base URL needed.
    let offline = webhook.map(|variant| quote!(Command::#variant(command) => command.run(),));
    quote! {
        #client

        async fn run(globals: &Globals, command: Command) -> Result<(), support::Failure> {
            match command {
                #offline
                command => command.call(&client(globals)?).await,
            }
        }

        impl Command {
            async fn call(self, client: &#krate::Client) -> Result<(), support::Failure> {
                match self {
                    #(#arms)*
                }
            }
        }

        fn main() -> ::std::process::ExitCode {
            let cli: Cli = match support::parse(#error_format_env) {
                Ok(cli) => cli,
                Err(code) => return code,
            };
            let Cli { globals, command } = cli;
            let result = match ::tokio::runtime::Builder::new_multi_thread().enable_all().build() {
                Ok(runtime) => runtime.block_on(run(&globals, command)),
                Err(error) => Err(support::Failure::new(support::Kind::Other, error.to_string())),
            };
            support::exit(result, globals.error_format)
        }
    }
}

//! Each TLS feature of the generated SDK gets a call as far as the TLS handshake. A program
//! built with that feature alone (`tests/tls-probe`) calls a listener of this test over
//! https; the listener reads the first TLS record and hangs up. The record must be a
//! ClientHello, which rustls only sends once a crypto provider is in place (without one,
//! reqwest panics when the client is built), and the call must end in a transport error.

use std::io::Read;
use std::net::{TcpListener, TcpStream};

use doc2rust_tests::{nested_cargo, run_ok};

/// The first TLS record a connection sends: its 5-byte header and its body.
fn first_record(listener: TcpListener) -> Result<([u8; 5], Vec<u8>), String> {
    let (mut stream, _) = listener.accept().map_err(|error| error.to_string())?;
    let mut header = [0u8; 5];
    stream.read_exact(&mut header).map_err(|error| format!("no record header: {error}"))?;
    let mut body = vec![0u8; usize::from(u16::from_be_bytes([header[3], header[4]]))];
    stream.read_exact(&mut body).map_err(|error| format!("no record body: {error}"))?;
    Ok((header, body))
}

#[test]
fn every_tls_feature_reaches_the_handshake() {
    for feature in ["rustls", "rustls-ring", "rustls-graviola"] {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port on 127.0.0.1");
        let address = listener.local_addr().expect("its address");
        let server = std::thread::spawn(move || first_record(listener));
        let url = format!("https://{address}");
        let args =
            ["run", "--quiet", "-p", "doc2rust-tls-probe", "--no-default-features", "--features", feature, "--", &url];
        let output = run_ok(nested_cargo(&args));
        // Had the probe not connected, this connection ends the wait (and the checks fail).
        let _unblock = TcpStream::connect(address);
        let (header, body) =
            server.join().expect("the listener thread").unwrap_or_else(|error| panic!("{feature}: {error}"));
        assert_eq!(header[0], 22, "{feature}: a handshake record, got {header:?}");
        assert_eq!(body.first(), Some(&1), "{feature}: a ClientHello");
        assert!(output.contains("transport error"), "{feature}: {output}");
    }
}

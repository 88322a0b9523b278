//! Lazy stream over token-paginated list operations (`page_token` in, `next_page_token` out).

// Functions are `#[inline]`, see `mod.rs`.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::error::Error;

/// Streams the items of every page of a list operation, fetching one page at a time
/// and only when the items already fetched are used up.
///
/// `fetch` receives the page token (`None` for the first page) and returns the page's
/// items and the next page token. The stream ends after a page without a next token
/// (absent or empty), after a page that repeats the token it was fetched with (a server
/// bug that would otherwise loop forever), or after yielding an error.
#[inline]
pub fn paginate<T, E, F, Fut>(fetch: F) -> impl Stream<Item = Result<T, Error<E>>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), Error<E>>>,
{
    Pages {
        fetch,
        in_flight: None,
        items: VecDeque::new(),
        next_token: None,
        current_token: None,
        finished: false,
    }
}

struct Pages<T, F, Fut> {
    fetch: F,
    /// The page request being awaited; boxed so that `Pages` never needs pin projection.
    in_flight: Option<Pin<Box<Fut>>>,
    items: VecDeque<T>,
    next_token: Option<String>,
    /// Token the in-flight page was requested with.
    current_token: Option<String>,
    finished: bool,
}

// No field is ever pinned in place (the future lives in its own box), so moving `Pages`
// is fine whatever `T` and `F` are.
impl<T, F, Fut> Unpin for Pages<T, F, Fut> {}

impl<T, E, F, Fut> Stream for Pages<T, F, Fut>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), Error<E>>>,
{
    type Item = Result<T, Error<E>>;

    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            let in_flight = match &mut this.in_flight {
                Some(in_flight) => in_flight,
                None => {
                    if this.finished {
                        return Poll::Ready(None);
                    }
                    let token = this.next_token.take();
                    this.current_token.clone_from(&token);
                    this.in_flight.insert(Box::pin((this.fetch)(token)))
                }
            };
            let page = match in_flight.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(page) => page,
            };
            this.in_flight = None;
            match page {
                Ok((items, next_token)) => {
                    this.items = items.into();
                    match next_token {
                        Some(token)
                            if !token.is_empty() && Some(&token) != this.current_token.as_ref() =>
                        {
                            this.next_token = Some(token);
                        }
                        _ => this.finished = true,
                    }
                }
                Err(error) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(error)));
                }
            }
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let upper = if self.finished && self.in_flight.is_none() {
            Some(self.items.len())
        } else {
            None
        };
        (self.items.len(), upper)
    }
}

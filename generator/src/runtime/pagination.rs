//! Lazy stream over token-paginated list operations (`page_token` in, `next_page_token` out).

// Functions are `#[inline]`, see `mod.rs`.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::error::Error;

/// The future of one page: its items and the next page's token.
type PageFuture<T, E> =
    Pin<Box<dyn Future<Output = Result<(Vec<T>, Option<String>), Error<E>>> + Send>>;

/// Streams the items of every page of a list operation, fetching one page at a time
/// and only when the items already fetched are used up.
///
/// `fetch` receives the page token (`None` for the first page) and returns the page's
/// items and the next page token. The stream ends after a page without a next token
/// (absent or empty), after a page that repeats the token it was fetched with (a server
/// bug that would otherwise loop forever), or after yielding an error.
#[inline]
pub fn paginate<T, E, F, Fut>(mut fetch: F) -> Paginated<T, E>
where
    F: FnMut(Option<String>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), Error<E>>> + Send + 'static,
{
    Paginated {
        fetch: Box::new(move |token| Box::pin(fetch(token))),
        in_flight: None,
        items: VecDeque::new(),
        next_token: None,
        current_token: None,
        finished: false,
    }
}

/// Every item of a list operation, page after page, each page fetched when the items
/// before it are used up: what a client's `..._stream` method returns.
///
/// A [`Stream`] (re-exported at the crate root), and readable without any other crate:
/// `while let Some(item) = stream.next().await { let item = item?; ... }`, or every item at
/// once with `stream.try_collect::<Vec<_>>().await?`. These inherent methods are the same
/// as those of `futures::StreamExt` and `futures::TryStreamExt`, and win over them when
/// those traits are imported too.
#[must_use = "a stream fetches nothing until it is read"]
pub struct Paginated<T, E> {
    fetch: Box<dyn FnMut(Option<String>) -> PageFuture<T, E> + Send>,
    /// The page request being awaited; boxed so that the stream never needs pin projection.
    in_flight: Option<PageFuture<T, E>>,
    items: VecDeque<T>,
    next_token: Option<String>,
    /// Token the in-flight page was requested with.
    current_token: Option<String>,
    finished: bool,
}

// No field is ever pinned in place (the future lives in its own box), so moving the stream
// is fine whatever `T` is.
impl<T, E> Unpin for Paginated<T, E> {}

impl<T, E> std::fmt::Debug for Paginated<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginated")
            .field("buffered", &self.items.len())
            .field("fetching", &self.in_flight.is_some())
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<T, E> Paginated<T, E> {
    /// The next item, `None` once every page has been read (or after an error).
    #[inline]
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every item left, in order, or the first error.
    #[inline]
    pub async fn try_collect<C: Default + Extend<T>>(mut self) -> Result<C, Error<E>> {
        let mut items = C::default();
        while let Some(item) = self.next().await {
            items.extend(Some(item?));
        }
        Ok(items)
    }
}

impl<T, E> Stream for Paginated<T, E> {
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
                    this.in_flight.insert((this.fetch)(token))
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

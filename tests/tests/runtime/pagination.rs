//! Lazy streaming over `page_token` / `next_page_token` pages.

use futures_util::StreamExt;
use sinch_conversation::{Auth, apis};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

fn page(ids: &[&str], next: &str) -> ResponseTemplate {
    let conversations: Vec<_> = ids.iter().map(|id| serde_json::json!({"id": id})).collect();
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "conversations": conversations,
        "next_page_token": next,
        "total_size": 5,
    }))
}

async fn mount_pages(server: &MockServer, third: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(CONVERSATIONS))
        .and(query_param_is_missing("page_token"))
        .respond_with(page(&["a", "b"], "p2"))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(CONVERSATIONS))
        .and(query_param("page_token", "p2"))
        .respond_with(page(&["c", "d"], "p3"))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(CONVERSATIONS))
        .and(query_param("page_token", "p3"))
        .respond_with(third)
        .mount(server)
        .await;
}

#[tokio::test]
async fn stream_yields_all_items_across_three_pages_lazily() {
    let server = MockServer::start().await;
    mount_pages(&server, page(&["e"], "")).await;
    let client = client(&server, Auth::None);
    let params = apis::conversation::ListConversationsParams {
        app_id: Some("app".to_owned()),
        page_size: Some(2),
        ..Default::default()
    };

    let stream = client.list_conversations_stream(&params);
    // The stream owns what it needs: the parameters can go before it is polled.
    drop(params);
    let mut stream = std::pin::pin!(stream);
    assert!(hits(&server, CONVERSATIONS).await.is_empty(), "nothing is fetched before polling");

    let first = stream.next().await.expect("an item").expect("no error");
    assert_eq!(first.id.as_deref(), Some("a"));
    assert_eq!(hits(&server, CONVERSATIONS).await.len(), 1, "one page at a time");
    let second = stream.next().await.expect("an item").expect("no error");
    assert_eq!(second.id.as_deref(), Some("b"));
    assert_eq!(hits(&server, CONVERSATIONS).await.len(), 1);

    let rest: Vec<_> = stream.collect().await;
    let ids: Vec<_> = rest.into_iter().map(|item| item.expect("no error").id.unwrap_or_default()).collect();
    assert_eq!(ids, ["c", "d", "e"]);
    let requests = hits(&server, CONVERSATIONS).await;
    assert_eq!(requests.len(), 3);
    // Every page repeats the caller's other parameters.
    for request in &requests {
        let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        assert!(pairs.contains(&("page_size".to_owned(), "2".to_owned())), "{pairs:?}");
        assert!(pairs.contains(&("app_id".to_owned(), "app".to_owned())), "{pairs:?}");
    }
}

#[tokio::test]
async fn a_caller_page_token_is_the_first_page() {
    let server = MockServer::start().await;
    mount_pages(&server, page(&["e"], "")).await;
    let params =
        apis::conversation::ListConversationsParams { page_token: Some("p2".to_owned()), ..Default::default() };
    let ids: Vec<_> = client(&server, Auth::None)
        .list_conversations_stream(&params)
        .map(|item| item.expect("no error").id.unwrap_or_default())
        .collect()
        .await;
    assert_eq!(ids, ["c", "d", "e"]);
    assert_eq!(hits(&server, CONVERSATIONS).await.len(), 2);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_the_items_before_it() {
    let server = MockServer::start().await;
    mount_pages(&server, ResponseTemplate::new(500)).await;
    let client = client(&server, Auth::None);

    let items: Vec<_> =
        client.list_conversations_stream(&apis::conversation::ListConversationsParams::default()).collect().await;
    assert_eq!(items.len(), 5);
    assert!(items[..4].iter().all(Result::is_ok));
    let error = items[4].as_ref().expect_err("the third page failed");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
}

#[tokio::test]
async fn a_repeated_token_ends_the_stream() {
    let server = MockServer::start().await;
    mount_pages(&server, page(&["e"], "p3")).await;
    let client = client(&server, Auth::None);
    let count = client.list_conversations_stream(&apis::conversation::ListConversationsParams::default()).count().await;
    assert_eq!(count, 5);
    assert_eq!(hits(&server, CONVERSATIONS).await.len(), 3);
}

#[tokio::test]
async fn other_list_streams_follow_their_own_page_field() {
    // `list_messages` pages carry `messages`; the stream must read that field.
    let server = MockServer::start().await;
    let messages = "/v1/projects/p1/messages";
    Mock::given(method("GET"))
        .and(path(messages))
        .and(query_param_is_missing("page_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "messages": [{"id": "m1", "app_message": {"text_message": {"text": "hi"}}}],
            "next_page_token": "n2",
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(messages))
        .and(query_param("page_token", "n2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "messages": [{"id": "m2", "contact_message": {"text_message": {"text": "hello"}}}],
        })))
        .mount(&server)
        .await;
    let ids: Vec<_> = client(&server, Auth::None)
        .list_messages_stream(&apis::messages::ListMessagesParams::default())
        .map(|item| item.expect("no error").id.unwrap_or_default())
        .collect()
        .await;
    assert_eq!(ids, ["m1", "m2"]);
}

/// The stream reads with its own methods, no `futures` trait needed: `next` (an inherent
/// method, chosen over `StreamExt::next`, which this file imports) and `try_collect`.
#[tokio::test]
async fn the_stream_reads_with_its_own_next_and_try_collect() {
    let server = MockServer::start().await;
    mount_pages(&server, page(&["e"], "")).await;
    let params = apis::conversation::ListConversationsParams::default();

    let mut stream: sinch_conversation::Paginated<_, _> =
        client(&server, Auth::None).list_conversations_stream(&params);
    let first = stream.next().await.expect("an item").expect("no error");
    assert_eq!(first.id.as_deref(), Some("a"));
    let rest: Vec<_> = stream.try_collect().await.expect("no error");
    let ids: Vec<_> = rest.into_iter().map(|item| item.id.unwrap_or_default()).collect();
    assert_eq!(ids, ["b", "c", "d", "e"]);

    // An error ends the collection with the error.
    let server = MockServer::start().await;
    mount_pages(&server, ResponseTemplate::new(500)).await;
    let result: Result<Vec<_>, _> = client(&server, Auth::None).list_conversations_stream(&params).try_collect().await;
    assert_eq!(result.expect_err("the third page failed").status().map(|s| s.as_u16()), Some(500));
}

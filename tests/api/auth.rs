//! Writes need a live admin token; reads do not.

use reqwest::Method;
use serde_json::json;

use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn writes_without_a_valid_token_are_refused(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.create_initiative(json!({"name": "Existing"})).await;
    let before = app.snapshot().await;
    let body = json!({"name": "Intruder"});

    for (method, path) in [
        (Method::POST, "/api/v1/initiatives"),
        (Method::PATCH, "/api/v1/initiatives/existing"),
        (Method::DELETE, "/api/v1/initiatives/existing"),
        (Method::POST, "/api/v1/events"),
        (Method::PATCH, "/api/v1/events/any"),
        (Method::DELETE, "/api/v1/events/any"),
    ] {
        for auth in [
            None,
            Some("Bearer partage_wrong"),
            Some("Basic YWRtaW46YWRtaW4="),
            Some("Bearer "),
        ] {
            let mut request = app
                .client
                .request(method.clone(), app.url(path))
                .json(&body);
            if let Some(auth) = auth {
                request = request.header("authorization", auth);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 401, "{method} {path} with {auth:?}");
            assert_eq!(
                response.headers()["www-authenticate"],
                "Bearer realm=\"partage\""
            );
            let error: serde_json::Value = response.json().await.unwrap();
            assert_eq!(error["error"], "unauthorized");
        }
    }
    assert_eq!(app.snapshot().await, before);
}

async fn revoked_tokens_stop_working(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let new = partage::domain::token::create(&app.db, "volunteer")
        .await
        .unwrap();
    let create = |token: String| {
        app.client
            .request(Method::POST, app.url("/api/v1/initiatives"))
            .bearer_auth(token)
            .json(&json!({"name": "Tool library"}))
            .send()
    };
    assert_eq!(create(new.secret.clone()).await.unwrap().status(), 201);

    assert!(
        partage::domain::token::revoke(&app.db, new.id)
            .await
            .unwrap()
    );
    assert!(
        !partage::domain::token::revoke(&app.db, new.id)
            .await
            .unwrap(),
        "only once"
    );
    assert_eq!(create(new.secret).await.unwrap().status(), 401);

    let tokens = partage::domain::token::list(&app.db).await.unwrap();
    let volunteer = tokens.iter().find(|t| t.name == "volunteer").unwrap();
    assert!(volunteer.revoked_at.is_some() && volunteer.last_used_at.is_some());
}

async fn reads_are_public(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    for path in [
        "/api/v1/initiatives",
        "/api/v1/events",
        "/api/v1/categories",
        "/api/openapi.json",
        "/healthz",
    ] {
        assert_eq!(app.get(path).send().await.unwrap().status(), 200, "{path}");
    }
}

on_both_engines!(
    writes_without_a_valid_token_are_refused,
    revoked_tokens_stop_working,
    reads_are_public
);

//! Roles and accounts: the editor/admin boundary, invitations, roles and the last admin,
//! passwords, signing out everywhere, the activity log.

use partage::domain::account::{self, Role};

use super::{Browser, PASSWORD, inline_error, user};
use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn editors_stay_out_of_admin_pages(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    user(&app, "eddie", Role::Editor).await;
    let mut browser = Browser::signed_in(&app, "eddie").await;
    for path in [
        "/admin/followers",
        "/admin/follows",
        "/admin/blocks",
        "/admin/deliveries",
        "/admin/users",
        "/admin/log",
    ] {
        let page = browser.get(path).await;
        assert_eq!(page.status, 403, "{path}");
        assert!(page.body.contains("for admins only"), "{path}");
    }
    for (path, fields) in [
        ("/admin/blocks", vec![("domain", "spam.example")]),
        ("/admin/users/invite", vec![("role", "admin")]),
        (
            "/admin/users/1",
            vec![("action", "role"), ("role", "admin")],
        ),
        ("/admin/follows", vec![("target", "@a@b.example")]),
        ("/admin/deliveries/retry", vec![("host", "b.example")]),
        (
            "/admin/followers/remove",
            vec![("actor", "https://b.example/a")],
        ),
    ] {
        assert_eq!(browser.submit(path, &fields).await.status, 403, "{path}");
    }
    assert_eq!(app.count("domain_blocks").await, 0);
    assert_eq!(app.count("invites").await, 0);
    // The menu does not offer them; content pages are open.
    let page = browser.get("/admin").await;
    assert!(!page.body.contains("href=\"/admin/blocks\""));
    for path in [
        "/admin/initiatives",
        "/admin/events/new",
        "/admin/review",
        "/admin/account",
    ] {
        assert_eq!(browser.get(path).await.status, 200, "{path}");
    }
}

async fn accounts_invitations_and_passwords(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    user(&app, "alice", Role::Admin).await;
    let mut alice = Browser::signed_in(&app, "alice").await;
    let mut elsewhere = Browser::signed_in(&app, "alice").await;

    // Invite an editor: the link is shown once and works once.
    let page = alice
        .submit("/admin/users/invite", &[("role", "editor")])
        .await;
    assert_eq!(page.status, 200);
    let (_, rest) = page.body.split_once("/admin/invite/").expect("a link");
    let link = format!("/admin/invite/{}", &rest[..64]);
    let mut bob = Browser::new(&app);
    let page = bob
        .post(
            &link,
            &[
                ("username", "alice"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "a taken name");
    assert!(
        inline_error(&page.body, "username")
            .unwrap()
            .contains("taken")
    );
    let page = bob
        .post(
            &link,
            &[
                ("username", "bob"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(
        bob.get("/admin/users").await.status,
        403,
        "bob is an editor"
    );
    assert_eq!(Browser::new(&app).get(&link).await.status, 404);

    // Roles: the only admin can be neither demoted nor removed; with a second one, yes.
    let users = account::list(&app.db).await.unwrap();
    let id = |name: &str| {
        users
            .iter()
            .find(|(u, _)| u.username == name)
            .unwrap()
            .0
            .id
            .to_string()
    };
    let alice_path = format!("/admin/users/{}", id("alice"));
    let page = alice
        .submit(&alice_path, &[("action", "role"), ("role", "editor")])
        .await;
    assert_eq!(page.status, 409);
    assert!(page.body.contains("only admin"), "{}", page.body);
    assert_eq!(
        alice
            .submit(&alice_path, &[("action", "remove")])
            .await
            .status,
        409
    );
    let page = alice
        .submit(
            &format!("/admin/users/{}", id("bob")),
            &[("action", "role"), ("role", "admin")],
        )
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(
        bob.get("/admin/users").await.status,
        200,
        "bob is admin now"
    );
    let page = alice
        .submit(&alice_path, &[("action", "role"), ("role", "sultan")])
        .await;
    assert_eq!(page.status, 422);
    assert_eq!(
        alice
            .submit("/admin/users/invite", &[("role", "king")])
            .await
            .status,
        422
    );
    assert_eq!(
        alice
            .submit("/admin/users/99999", &[("action", "remove")])
            .await
            .status,
        404
    );
    assert_eq!(
        alice
            .submit(&alice_path, &[("action", "promote")])
            .await
            .status,
        422
    );

    // Password: checked, then the other sessions end and this one stays.
    let wrong = alice
        .submit(
            "/admin/account/password",
            &[
                ("current", "not it at all"),
                ("password", "a new long password"),
                ("confirm", "a new long password"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(inline_error(&wrong.body, "current").is_some());
    let short = alice
        .submit(
            "/admin/account/password",
            &[
                ("current", PASSWORD),
                ("password", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert_eq!(short.status, 422);
    let page = alice
        .submit(
            "/admin/account/password",
            &[
                ("current", PASSWORD),
                ("password", "a new long password"),
                ("confirm", "a new long password"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(
        elsewhere.get("/admin").await.status,
        303,
        "the other session ended"
    );
    assert_eq!(alice.get("/admin").await.status, 200, "this one stays");
    let mut again = Browser::new(&app);
    let page = again
        .post(
            "/admin/signin",
            &[("username", "alice"), ("password", "a new long password")],
        )
        .await;
    assert_eq!(page.status, 303);

    // Sign out everywhere: every session of alice ends, this one included.
    let page = alice.submit("/admin/account/signout-everywhere", &[]).await;
    assert_eq!(page.status, 303);
    assert_eq!(again.get("/admin").await.status, 303);
    assert_eq!(alice.get("/admin").await.status, 303);
    assert_eq!(
        bob.get("/admin").await.status,
        200,
        "bob's session is his own"
    );

    // The log says who did what.
    let page = bob.get("/admin/log").await;
    for action in [
        "user.invite",
        "user.create",
        "user.role",
        "password.change",
        "signout.everywhere",
    ] {
        assert!(page.body.contains(action), "{action}");
    }
}

async fn two_admins_cannot_demote_each_other_at_once(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    for round in 0..5 {
        let (a, b) = (format!("a{round}"), format!("b{round}"));
        let a = account::create_user(&app.db, &a, PASSWORD, Role::Admin)
            .await
            .unwrap();
        let b = account::create_user(&app.db, &b, PASSWORD, Role::Admin)
            .await
            .unwrap();
        let (x, y) = tokio::join!(
            account::set_role(&app.db, a.id, Some(Role::Editor)),
            account::set_role(&app.db, b.id, Some(Role::Editor)),
        );
        assert!(
            x.is_ok() != y.is_ok(),
            "exactly one of the two: {x:?} {y:?}"
        );
        assert_eq!(app.count("users WHERE role = 'admin'").await, 1);
        // Leave no admin behind for the next round but a fresh pair.
        let admin = if x.is_ok() { b } else { a };
        account::create_user(&app.db, &format!("c{round}"), PASSWORD, Role::Admin)
            .await
            .unwrap();
        account::set_role(&app.db, admin.id, None).await.unwrap();
        let rest = account::list(&app.db).await.unwrap();
        let last = rest
            .iter()
            .find(|(u, _)| u.role == Role::Admin)
            .unwrap()
            .0
            .id;
        account::set_role(&app.db, last, None).await.unwrap_err();
        // Remove every editor and the last admin directly, for a clean next round.
        app.exec("DELETE FROM users").await;
    }
}

on_both_engines!(
    editors_stay_out_of_admin_pages,
    accounts_invitations_and_passwords,
    two_admins_cannot_demote_each_other_at_once,
);

//! HTTPS from PEM files: a client trusting the certificate gets answers;
//! plain HTTP on the TLS port gets none; unusable files are reported.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test stops loudly on a broken fixture"
)]

use exrbac_server::tls::{self, TlsError, TlsListener};
use exrbac_server::{AppState, Config, node::Node};
use exrbac_store::Store;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;

fn files(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf, String) {
    let ck = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let cert = dir.join("cert.pem");
    let key = dir.join("key.pem");
    let pem = ck.cert.pem();
    std::fs::write(&cert, &pem).unwrap();
    std::fs::write(&key, ck.signing_key.serialize_pem()).unwrap();
    (cert, key, pem)
}

#[test]
fn https_answers_and_plain_http_does_not() {
    let dir = std::env::temp_dir().join(format!("exrbac-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (cert, key, pem) = files(&dir);
    let config = tls::load(&cert, &key).unwrap();

    let db = dir.join("s.db");
    let _ = std::fs::remove_file(&db);
    let mut store = Store::open(db.to_str().unwrap(), true).unwrap();
    store
        .insert(&mut exrbac_shell::new_organization("contoso.com").unwrap())
        .unwrap();
    let node = Node::new(store);
    node.load_all().unwrap();
    let state = AppState::new(node, Config::default());

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = tcp.local_addr().unwrap();
        let listener = TlsListener::new(tcp, config).unwrap();
        tokio::spawn(async move {
            axum::serve(listener, exrbac_server::router(state))
                .await
                .unwrap();
        });

        // Plain HTTP: the handshake fails and no HTTP answer comes back.
        let mut plain = tokio::net::TcpStream::connect(addr).await.unwrap();
        plain
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut got = Vec::new();
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            plain.read_to_end(&mut got),
        )
        .await;
        assert!(!String::from_utf8_lossy(&got).contains("200 OK"));

        // A client that trusts the certificate.
        let mut roots = rustls::RootCertStore::empty();
        use rustls_pki_types::pem::PemObject;
        roots
            .add(rustls_pki_types::CertificateDer::from_pem_slice(pem.as_bytes()).unwrap())
            .unwrap();
        let client = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
        let connector = tokio_rustls::TlsConnector::from(Arc::new(client));
        let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        let name = rustls_pki_types::ServerName::try_from("localhost").unwrap();
        let mut s = connector.connect(name, tcp).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut body = String::new();
        let _ = s.read_to_string(&mut body).await;
        assert!(body.starts_with("HTTP/1.1 200"), "{body}");
        assert!(body.contains("contoso.com"));
    });
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unusable_files_are_reported() {
    let dir = std::env::temp_dir().join(format!("exrbac-tls-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (cert, key, _) = files(&dir);
    let missing = dir.join("missing.pem");
    assert!(matches!(
        tls::load(&missing, &key),
        Err(TlsError::File {
            what: "certificate chain",
            ..
        })
    ));
    let junk = dir.join("junk.pem");
    std::fs::write(&junk, "not pem").unwrap();
    assert!(matches!(tls::load(&junk, &key), Err(TlsError::File { .. })));
    assert!(matches!(
        tls::load(&cert, &junk),
        Err(TlsError::File {
            what: "private key",
            ..
        })
    ));
    // A key of another certificate.
    let other = rcgen::generate_simple_self_signed(vec!["other".to_string()]).unwrap();
    let wrong = dir.join("wrong.pem");
    std::fs::write(&wrong, other.signing_key.serialize_pem()).unwrap();
    let e = tls::load(&cert, &wrong).unwrap_err();
    assert!(matches!(e, TlsError::Config(_)), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

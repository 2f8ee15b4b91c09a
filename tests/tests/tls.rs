//! TLS: certificates are verified by default; a private CA can be trusted; verification can
//! be turned off only by the explicitly named opt-out.

use cohesity_users::{Client, Error};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

struct Pki {
    ca_pem: String,
    leaf: CertificateDer<'static>,
    leaf_key: PrivateKeyDer<'static>,
}

/// A private CA and a certificate it issued for 127.0.0.1 and localhost.
fn private_pki() -> Pki {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
        .unwrap()
        .signed_by(&leaf_key, &ca)
        .unwrap();
    Pki {
        ca_pem: ca.pem(),
        leaf: leaf.der().clone(),
        leaf_key: PrivatePkcs8KeyDer::from(leaf_key.serialize_der()).into(),
    }
}

/// An HTTPS server on loopback that answers every request with 204.
async fn https_server(pki: &Pki) -> SocketAddr {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![pki.leaf.clone()], pki.leaf_key.clone_key())
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut seen = Vec::new();
                let mut buf = [0u8; 1024];
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = tls
                    .write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
                    .await;
                let _ = tls.shutdown().await;
            });
        }
    });
    addr
}

#[tokio::test]
async fn an_unknown_certificate_is_refused_by_default() {
    let pki = private_pki();
    let addr = https_server(&pki).await;
    let c = Client::new(&format!("https://{addr}/v2")).unwrap();
    let err = c.users().delete_session().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("certificate"), "{text}");
    assert!(
        text.ends_with("(the server's TLS certificate was not accepted: trust its CA with `add_root_certificate_pem`)"),
        "{text}"
    );
}

#[tokio::test]
async fn a_trusted_private_ca_is_accepted_with_verification_on() {
    let pki = private_pki();
    let addr = https_server(&pki).await;
    let c = Client::builder(format!("https://{addr}/v2"))
        .add_root_certificate_pem(pki.ca_pem.clone())
        .build()
        .unwrap();
    c.users().delete_session().await.unwrap();
}

#[tokio::test]
async fn the_explicit_opt_out_accepts_any_certificate() {
    let pki = private_pki();
    let addr = https_server(&pki).await;
    let c = Client::builder(format!("https://{addr}/v2"))
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    c.users().delete_session().await.unwrap();
}

#[test]
fn a_root_certificate_that_is_not_pem_is_a_config_error() {
    for (pem, part) in [
        ("not a certificate", "holds no `-----BEGIN CERTIFICATE-----` block"),
        (
            "-----BEGIN CERTIFICATE-----\nbm90IGRlcg==\n-----END CERTIFICATE-----\n",
            "could not be built (builder error: invalid peer certificate: BadEncoding); check the root certificates",
        ),
    ] {
        let err = Client::builder("https://cluster.example.com/v2")
            .add_root_certificate_pem(pem)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config { .. }), "{err:?}");
        assert!(err.to_string().contains(part), "{err}");
    }
}

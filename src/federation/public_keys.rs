//! Remote actors' public keys for verifying their signatures: each PEM parsed once and kept
//! (a thousand actors sign all day), then verified with ring, several times faster than the
//! `rsa` crate; keys under 2,048 bits, which ring refuses, still verify with `rsa`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use ring::signature::{RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents};
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use sha2::{Digest, Sha256};

/// Keys kept at most; past that the memo starts again (keys are cheap to parse again).
const KEPT: usize = 10_000;

/// A parsed key: the `rsa` crate's, and its modulus and exponent for ring.
struct Key {
    rsa: rsa::RsaPublicKey,
    modulus: Vec<u8>,
    exponent: Vec<u8>,
}

/// Whether `signature` is the RSASSA-PKCS1-v1_5 SHA-256 signature of `message` by the key in
/// `pem` (SPKI).
pub fn verify(pem: &str, message: &[u8], signature: &[u8]) -> bool {
    let Some(key) = parsed(pem) else {
        return false;
    };
    if key.rsa.n().bits() >= 2048 {
        let components = RsaPublicKeyComponents {
            n: &key.modulus,
            e: &key.exponent,
        };
        return components
            .verify(&RSA_PKCS1_2048_8192_SHA256, message, signature)
            .is_ok();
    }
    let hashed = Sha256::digest(message);
    key.rsa
        .verify(Pkcs1v15Sign::new::<Sha256>(), &hashed, signature)
        .is_ok()
}

fn parsed(pem: &str) -> Option<Arc<Key>> {
    static KEYS: OnceLock<Mutex<HashMap<String, Arc<Key>>>> = OnceLock::new();
    let keys = KEYS.get_or_init(Default::default);
    if let Some(found) = keys.lock().expect("keys lock").get(pem) {
        return Some(found.clone());
    }
    let rsa = rsa::RsaPublicKey::from_public_key_pem(pem).ok()?;
    let key = Arc::new(Key {
        modulus: rsa.n().to_bytes_be(),
        exponent: rsa.e().to_bytes_be(),
        rsa,
    });
    let mut keys = keys.lock().expect("keys lock");
    if keys.len() >= KEPT {
        keys.clear();
    }
    keys.insert(pem.to_owned(), key.clone());
    Some(key)
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD as BASE64;
    use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
    use rsa::rand_core::OsRng;
    use rsa::signature::{SignatureEncoding, Signer};

    use super::verify;
    use crate::federation::signature::SigningKey;

    const MESSAGE: &[u8] = b"(request-target): post /inbox";

    fn key(bits: usize) -> (rsa::RsaPrivateKey, String) {
        let private = rsa::RsaPrivateKey::new(&mut OsRng, bits).unwrap();
        let pem = private
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .unwrap();
        (private, pem)
    }

    #[test]
    fn ring_verifies_what_we_sign() {
        let (private, pem) = key(2048);
        let signer = SigningKey::from_pem(&private.to_pkcs8_pem(LineEnding::LF).unwrap()).unwrap();
        let signature = BASE64.decode(signer.sign(MESSAGE)).unwrap();
        assert!(verify(&pem, MESSAGE, &signature));
        assert!(!verify(&pem, b"something else", &signature));
        assert!(verify(&pem, MESSAGE, &signature), "again, from the memo");
        assert!(!verify("not a key", MESSAGE, &signature));
    }

    #[test]
    fn small_keys_still_verify_with_rsa() {
        let (private, pem) = key(1024);
        let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(private);
        let signature = signer.sign(MESSAGE).to_vec();
        assert!(verify(&pem, MESSAGE, &signature));
        assert!(!verify(&pem, b"something else", &signature));
    }
}

// OpenSSL helpers for egress tests: a real ClientHello for a given SNI, and a
// self-signed certificate generated in-process (no openssl CLI needed).
#ifndef STEPGUARD_EGRESS_TLS_TEST_UTIL_H_
#define STEPGUARD_EGRESS_TLS_TEST_UTIL_H_

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <string>

namespace sg::egress::testing {

// The bytes an OpenSSL client sends first; `sni` empty: no SNI extension.
inline std::string MakeClientHello(const std::string& sni) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL* ssl = SSL_new(ctx);
  BIO* rbio = BIO_new(BIO_s_mem());
  BIO* wbio = BIO_new(BIO_s_mem());
  SSL_set_bio(ssl, rbio, wbio);
  if (!sni.empty()) SSL_set_tlsext_host_name(ssl, sni.c_str());
  SSL_set_connect_state(ssl);
  SSL_do_handshake(ssl);  // WANT_READ after writing the ClientHello
  char* data = nullptr;
  long n = BIO_get_mem_data(wbio, &data);
  std::string out(data, static_cast<size_t>(n));
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  return out;
}

// A self-signed certificate for `host` (also its own CA), with its key.
struct TestCert {
  X509* cert = nullptr;
  EVP_PKEY* key = nullptr;
  std::string cert_pem;
  ~TestCert() {
    X509_free(cert);
    EVP_PKEY_free(key);
  }
};

inline void MakeTestCert(const std::string& host, TestCert* out) {
  out->key = EVP_EC_gen("P-256");
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600L * 24);
  X509_set_pubkey(x, out->key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(
      name, "CN", MBSTRING_ASC,
      reinterpret_cast<const unsigned char*>(host.c_str()), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, x, x, nullptr, nullptr, 0);
  std::string san = "DNS:" + host;
  const std::pair<int, std::string> exts[] = {
      {NID_subject_alt_name, san},
      {NID_basic_constraints, "critical,CA:TRUE"},
      {NID_key_usage, "critical,digitalSignature,keyCertSign"},
  };
  for (const auto& [nid, value] : exts) {
    X509_EXTENSION* e = X509V3_EXT_conf_nid(nullptr, &v3, nid, value.c_str());
    X509_add_ext(x, e, -1);
    X509_EXTENSION_free(e);
  }
  X509_sign(x, out->key, EVP_sha256());
  out->cert = x;
  BIO* b = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(b, x);
  char* data = nullptr;
  long n = BIO_get_mem_data(b, &data);
  out->cert_pem.assign(data, static_cast<size_t>(n));
  BIO_free(b);
}

}  // namespace sg::egress::testing

#endif  // STEPGUARD_EGRESS_TLS_TEST_UTIL_H_

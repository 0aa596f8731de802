// A private certificate authority made at test time (OpenSSL, P-256 keys): a CA certificate and a server
// certificate it signed for 127.0.0.1 and localhost, as PEM. Nothing is read from or kept on disk unless a
// test writes the CA out for `tls_ca_file`; a certificate no system store knows, so only that file trusts it.
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace hocvuso::testing {

struct TestCa {
  std::string ca_cert_pem;      // trust this one (tls_ca_file)
  std::string server_cert_pem;  // the server presents this one...
  std::string server_key_pem;   // ...with this key

  // `ca_name` tells two CAs apart in their subjects (a second CA must not be trusted in its place).
  static TestCa make(const std::string& ca_name = "hocvuso test CA");
};

namespace test_ca_detail {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Cert = std::unique_ptr<X509, decltype(&X509_free)>;

inline void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test CA: ") + what);
}

inline Key new_key() {
  Key key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  check(key != nullptr, "EVP_EC_gen");
  return key;
}

inline void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  check(ext != nullptr, "X509V3_EXT_conf_nid");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `subject_key` named `common_name`, signed by issuer_key (self-signed when issuer is null).
inline Cert new_cert(EVP_PKEY* subject_key, const std::string& common_name, X509* issuer, EVP_PKEY* issuer_key,
                     long serial, bool is_ca) {
  Cert cert(X509_new(), &X509_free);
  check(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 7L * 24 * 3600);
  X509_set_pubkey(cert.get(), subject_key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(common_name.c_str()),
                             -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
  X509* signer = issuer ? issuer : cert.get();
  if (is_ca) {
    add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), signer, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
  }
  check(X509_sign(cert.get(), issuer_key, EVP_sha256()) > 0, "X509_sign");
  return cert;
}

template <class Write>
std::string to_pem(Write write) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  check(bio != nullptr && write(bio.get()) == 1, "PEM write");
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

}  // namespace test_ca_detail

inline TestCa TestCa::make(const std::string& ca_name) {
  using namespace test_ca_detail;
  Key ca_key = new_key();
  Cert ca = new_cert(ca_key.get(), ca_name, nullptr, ca_key.get(), 1, true);
  Key server_key = new_key();
  Cert server = new_cert(server_key.get(), "127.0.0.1", ca.get(), ca_key.get(), 2, false);
  TestCa out;
  out.ca_cert_pem = to_pem([&](BIO* b) { return PEM_write_bio_X509(b, ca.get()); });
  out.server_cert_pem = to_pem([&](BIO* b) { return PEM_write_bio_X509(b, server.get()); });
  out.server_key_pem = to_pem([&](BIO* b) {
    return PEM_write_bio_PrivateKey(b, server_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  return out;
}

}  // namespace hocvuso::testing

#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
/* The SHA256_Init/Update/Final family is deprecated in OpenSSL 3 in favour of EVP, but it is still exported by
 * libcrypto and is the fastest way to keep a copyable, pre-keyed HMAC state (see Signing/SHA256.swift). */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#endif

/* The physical limit for circles-keygen: N secp256k1_ec_pubkey_create calls in a tight loop
 * (random secret, create, compressed serialise), with a randomised context as keygen uses. */
#include <secp256k1.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000;
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY);
    unsigned char seed[32], secret[32], out[33];
    getrandom(seed, 32, 0);
    secp256k1_context_randomize(ctx, seed);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    unsigned sink = 0;
    for (long i = 0; i < n; i++) {
        do { getrandom(secret, 32, 0); } while (!secp256k1_ec_seckey_verify(ctx, secret));
        secp256k1_pubkey pk;
        secp256k1_ec_pubkey_create(ctx, &pk, secret);
        size_t len = 33;
        secp256k1_ec_pubkey_serialize(ctx, out, &len, &pk, SECP256K1_EC_COMPRESSED);
        sink += out[1];
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%.4f %u\n", seconds, sink & 1);
    return 0;
}

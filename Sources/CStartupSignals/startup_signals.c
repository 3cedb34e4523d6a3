#include "startup_signals.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static const int guarded[] = { SIGHUP, SIGINT, SIGTERM };
enum { guardedCount = sizeof(guarded) / sizeof(guarded[0]) };
static volatile sig_atomic_t recorded[guardedCount];

static void record(int signal) {
    for (int index = 0; index < guardedCount; index++) {
        if (guarded[index] == signal) recorded[index] = 1;
    }
}

static void guard_startup_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = record;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigset_t unblock;
    sigemptyset(&unblock);
    for (int index = 0; index < guardedCount; index++) {
        sigaction(guarded[index], &action, NULL);
        sigaddset(&unblock, guarded[index]);
    }
    sigprocmask(SIG_UNBLOCK, &unblock, NULL);
}

#if defined(__linux__)
/// The executable's first code: run by the loader before any shared library's initializer
/// (the Swift runtime's and Foundation's included) and before `main`.
static void guard_startup_signals_preinit(int argc, char **argv, char **environment) {
    (void)argc; (void)argv; (void)environment;
    guard_startup_signals();
}
__attribute__((section(".preinit_array"), used)) static void (*const preinit)(int, char **, char **) = guard_startup_signals_preinit;
#else
__attribute__((constructor(101))) static void guard_startup_signals_constructor(void) { guard_startup_signals(); }
#endif

void circles_startup_signals_replay(void) {
    for (int index = 0; index < guardedCount; index++) {
        if (recorded[index]) {
            recorded[index] = 0;
            kill(getpid(), guarded[index]);
        }
    }
}

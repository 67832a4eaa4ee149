#include "TerminalRestore.h"

#include <signal.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

// Everything a signal handler needs is captured up front into plain memory,
// so the handler only calls async-signal-safe functions (write, tcsetattr, open, dup2, read,
// lseek, sigaction, raise).
static char leave[512];
static size_t leave_length = 0;
static struct termios saved_modes;
static int have_modes = 0;
static int real_stderr = -1;
static int captured_stderr = -1;
static volatile sig_atomic_t restored = 0;
// A half-written file to remove when a signal ends the program (`record --output`).
static char partial_file[4096];

// The crash signals: handled whatever was there before (the Swift runtime's crash reporter,
// which is handed the signal afterwards).
static const int crashes[] = { SIGILL, SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGTRAP, SIGSYS };
// Every other signal whose default action ends the process: handled where that default is
// still in force, so a handler somebody else installed keeps its signal.
static const int endings[] = {
    SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF,
#ifdef SIGSTKFLT
    SIGSTKFLT,
#endif
#ifdef SIGPWR
    SIGPWR,
#endif
#ifdef SIGIO
    SIGIO,
#endif
};
#define COUNT(array) (sizeof(array) / sizeof(array[0]))
#define SIGNALS 65
// Per signal, what was there before gradstep first handled it, which it is handed on to.
static struct sigaction original[SIGNALS];
static int have_original[SIGNALS];

static void write_all(int fd, const char *bytes, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, bytes, length);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        bytes += n;
        length -= (size_t)n;
    }
}

void gs_release_stderr(void) {
    if (real_stderr < 0) return;
    dup2(real_stderr, STDERR_FILENO);
    if (captured_stderr >= 0) {
        char buffer[4096];
        lseek(captured_stderr, 0, SEEK_SET);
        for (;;) {
            ssize_t n = read(captured_stderr, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            write_all(STDERR_FILENO, buffer, (size_t)n);
        }
        close(captured_stderr);
        captured_stderr = -1;
    }
    close(real_stderr);
    real_stderr = -1;
}

int gs_capture_stderr(void) {
    char path[] = "/tmp/gradstep-stderr-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    unlink(path);
    real_stderr = dup(STDERR_FILENO);
    if (real_stderr < 0) { close(fd); return -1; }
    captured_stderr = fd;
    dup2(fd, STDERR_FILENO);
    return 0;
}

void gs_restore_terminal(void) {
    if (restored) return;
    restored = 1;
    if (leave_length > 0) write_all(STDOUT_FILENO, leave, leave_length);
    if (have_modes) tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
}

void gs_forget_restore(void) {
    restored = 1;
}

/// Whether the processor raised the signal at a faulting instruction (not `kill`, not `raise`):
/// returning from the handler then runs that instruction again, and it faults again.
static int is_fault(int signal_number, const siginfo_t *info) {
    int fault = signal_number == SIGSEGV || signal_number == SIGILL || signal_number == SIGBUS || signal_number == SIGFPE;
    return fault && info != NULL && info->si_code > 0;
}

// Every other signal is blocked while this runs (sa_mask), so a second one cannot replay or
// close standard error while the first is doing so.
// Every other signal is blocked while this runs (sa_mask), so a second one cannot replay or
// close standard error while the first is doing so.
static void on_signal(int signal_number, siginfo_t *info, void *context) {
    (void)context;
    if (partial_file[0] != 0) unlink(partial_file);
    gs_restore_terminal();
    gs_release_stderr();
    // Nothing is left to read keys from: Swift's crash reporter, seeing a terminal on standard
    // input, would otherwise wait 30 s for one before it lets the process die.
    int nothing = open("/dev/null", O_RDONLY);
    if (nothing >= 0) {
        dup2(nothing, STDIN_FILENO);
        if (nothing != STDIN_FILENO) close(nothing);
    }
    // Hand the signal to whoever had it before: the default action, or the Swift runtime's
    // crash reporter, which now writes to the restored terminal.
    if (signal_number == SIGQUIT) {
        struct sigaction quit;
        memset(&quit, 0, sizeof quit);
        quit.sa_handler = SIG_DFL;
        sigaction(SIGQUIT, &quit, NULL);
    } else if (signal_number > 0 && signal_number < SIGNALS && have_original[signal_number]) {
        sigaction(signal_number, &original[signal_number], NULL);
    }
    // A fault is not raised again but left to happen again: the crash reporter then sees the
    // real faulting instruction and its registers, not this handler's call to raise().
    if (!is_fault(signal_number, info)) raise(signal_number);
}

// The handler's own stack, so a stack overflow can still be reported, whoever else set one or not.
static char alternate_stack[256 * 1024];

static void use_own_alternate_stack(void) {
    stack_t stack;
    memset(&stack, 0, sizeof stack);
    stack.ss_sp = alternate_stack;
    stack.ss_size = sizeof alternate_stack;
    stack.ss_flags = 0;
    sigaltstack(&stack, NULL);
}

void gs_set_leave_sequence(const char *leave_sequence) {
    size_t length = leave_sequence ? strlen(leave_sequence) : 0;
    if (length >= sizeof leave) length = sizeof leave - 1;
    memcpy(leave, leave_sequence, length);
    leave_length = length;
}

/// Handles `signal_number` with `on_signal`; for one of the `endings`, only where its default
/// is in force (a signal the parent ignored, as nohup does, stays ignored; a handler stays).
static void handle(int signal_number, int always) {
    if (signal_number <= 0 || signal_number >= SIGNALS) return;
    if (!have_original[signal_number]) {
        if (sigaction(signal_number, NULL, &original[signal_number]) != 0) return;
        have_original[signal_number] = 1;
    }
    const struct sigaction *before = &original[signal_number];
    if (before->sa_handler == SIG_IGN) return;
    if (!always && (before->sa_flags & SA_SIGINFO || before->sa_handler != SIG_DFL)) return;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_signal;
    sigfillset(&action.sa_mask);
    action.sa_flags = SA_ONSTACK | SA_SIGINFO;
    sigaction(signal_number, &action, NULL);
}

void gs_install_crash_guard(void) {
    use_own_alternate_stack();
    for (size_t i = 0; i < COUNT(crashes); i++) handle(crashes[i], 1);
}

void gs_install_restore(void) {
    restored = 0;
    use_own_alternate_stack();
    for (size_t i = 0; i < COUNT(crashes); i++) handle(crashes[i], 1);
    // Ctrl-\ quits, as it does everywhere: status 131, not a crash report of a program that
    // was only waiting for a key.
    handle(SIGQUIT, 1);
    for (size_t i = 0; i < COUNT(endings); i++) handle(endings[i], 0);
#if defined(SIGRTMIN) && defined(SIGRTMAX)
    for (int n = SIGRTMIN; n <= SIGRTMAX; n++) handle(n, 0);
#endif
}

void gs_remove_on_signal(const char *path) {
    // The first byte is written last, so a signal never sees half a path (a prefix could be
    // the very file the temporary one is there to protect).
    partial_file[0] = 0;
    if (path == NULL || strlen(path) >= sizeof partial_file || path[0] == 0) return;
    for (size_t i = 0; i < COUNT(endings); i++) handle(endings[i], 0);
    handle(SIGQUIT, 1);
    memcpy(partial_file + 1, path + 1, strlen(path));
    *(volatile char *)partial_file = path[0];
}

void gs_flow_control_off(void) {
    struct termios modes;
    if (tcgetattr(STDIN_FILENO, &modes) != 0) return;
    modes.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
    tcsetattr(STDIN_FILENO, TCSANOW, &modes);
}

void gs_save_terminal_modes(void) {
    have_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;
}

void gs_unblock_signals(void) {
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < COUNT(crashes); i++) sigaddset(&set, crashes[i]);
    sigaddset(&set, SIGQUIT);
    for (size_t i = 0; i < COUNT(endings); i++) sigaddset(&set, endings[i]);
    sigaddset(&set, SIGWINCH);
    sigaddset(&set, SIGTSTP);
    sigaddset(&set, SIGCONT);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* Times a command the way an MDA runs a filter: a fresh process each time, stdin from a
 * file, stdout to /dev/null, an empty environment. Prints the median, the 25th and the 90th
 * percentile wall time in milliseconds, process start and exit included. A C harness, so
 * the figure carries less of the harness's own cost than one taken from Python.
 *   spawn-timer RUNS INPUT COMMAND [ARG...] [-- COMMAND [ARG...]]...
 * With several commands (separated by `--`) it runs them in turn, one run of each per
 * round, so that every command meets the same moments of a busy machine: on a shared
 * virtual machine the figures of two builds timed one after the other differ by a third.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One run of `command`; its wall time in milliseconds, or a negative number on failure. */
static double run_once(char **command, const char *input) {
    static char *env[] = {NULL};
    int in = open(input, O_RDONLY), out = open("/dev/null", O_WRONLY);
    if (in < 0 || out < 0) {
        perror("spawn-timer");
        return -1;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in, 0);
    posix_spawn_file_actions_adddup2(&actions, out, 1);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid;
    int spawned = posix_spawn(&pid, command[0], &actions, NULL, command, env);
    int status = 0;
    if (spawned == 0) waitpid(pid, &status, 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    posix_spawn_file_actions_destroy(&actions);
    close(in);
    close(out);
    if (spawned != 0) {
        fprintf(stderr, "spawn-timer: cannot start %s: %s\n", command[0], strerror(spawned));
        return -1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "spawn-timer: %s failed (status %d)\n", command[0], status);
        return -1;
    }
    return (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: spawn-timer RUNS INPUT COMMAND [ARG...] [-- COMMAND [ARG...]]...\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    if (runs < 1) runs = 1;
    /* Split the rest at each `--` into NULL-terminated argument vectors, in place. */
    char **commands[64];
    int count = 0;
    commands[count++] = argv + 3;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--") != 0) continue;
        argv[i] = NULL;
        if (i + 1 >= argc || count == 64) {
            fprintf(stderr, "spawn-timer: a command is missing after --, or more than 64\n");
            return 2;
        }
        commands[count++] = argv + i + 1;
    }
    double *ms = calloc((size_t)runs * (size_t)count, sizeof *ms);
    if (!ms) {
        perror("spawn-timer");
        return 1;
    }
    for (int r = 0; r < runs; r++) {
        for (int c = 0; c < count; c++) {
            double t = run_once(commands[c], argv[2]);
            if (t < 0) return 1;
            ms[(size_t)c * runs + r] = t;
        }
    }
    for (int c = 0; c < count; c++) {
        double *m = ms + (size_t)c * runs;
        qsort(m, (size_t)runs, sizeof *m, compare);
        if (count > 1) printf("%s: ", commands[c][0]);
        printf("median %.2f ms, p25 %.2f ms, p90 %.2f ms (%d runs)\n", m[runs / 2], m[runs / 4],
               m[runs * 9 / 10], runs);
    }
    return 0;
}

/* Times a command the way an MDA runs a filter: a fresh process each time, stdin from a
 * file, stdout to /dev/null, an empty environment. Prints the median and 90th percentile
 * wall time in milliseconds, process start and exit included. A C harness, so the figure
 * carries less of the harness's own cost than one taken from Python.
 *   spawn-timer RUNS INPUT COMMAND [ARG...]
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: spawn-timer RUNS INPUT COMMAND [ARG...]\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    if (runs < 1) runs = 1;
    double *ms = calloc((size_t)runs, sizeof *ms);
    char *env[] = {NULL};
    for (int i = 0; i < runs; i++) {
        int in = open(argv[2], O_RDONLY), out = open("/dev/null", O_WRONLY);
        if (in < 0 || out < 0 || !ms) {
            perror("spawn-timer");
            return 1;
        }
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, in, 0);
        posix_spawn_file_actions_adddup2(&actions, out, 1);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        pid_t pid;
        if (posix_spawn(&pid, argv[3], &actions, NULL, argv + 3, env) != 0) {
            perror("spawn-timer: posix_spawn");
            return 1;
        }
        int status;
        waitpid(pid, &status, 0);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        posix_spawn_file_actions_destroy(&actions);
        close(in);
        close(out);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "spawn-timer: %s failed (status %d)\n", argv[3], status);
            return 1;
        }
        ms[i] = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    }
    qsort(ms, (size_t)runs, sizeof *ms, compare);
    printf("median %.2f ms, p90 %.2f ms (%d runs)\n", ms[runs / 2], ms[runs * 9 / 10], runs);
    return 0;
}

/*
 * An LD_PRELOAD library that injects faults into the file system calls src/write.ts makes, so
 * tests can run the real CLI into the failures a disk gives rarely: a rename that fails (EIO,
 * EXDEV, ENOSPC), a process killed between two renames, a folder filled at the last moment.
 * Built by test/support/fault-shim.ts with the machine's C compiler.
 *
 * CKC_FAULTS holds rules separated by ';', each OP:FROM>TO=ACTION or OP:FROM>TO=ACTION@N
 *   OP      rename, mkdir or unlink (renameat/renameat2 count as rename)
 *   FROM    a substring of the (first) path; empty matches any
 *   TO      rename only: the new path ends with it; empty matches any
 *   ACTION  EIO | EXDEV | ENOSPC | EACCES  fail the call with that errno, doing nothing
 *           KILL                          SIGKILL the process before the call
 *           SIGINT | SIGTERM              send the signal, then make the call
 *           FILL                          rename only: create TO/appeared.txt, then make the call
 *   @N      only the Nth matching call (1-based) gets the action; without it, every one does
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_RULES 16

/* The action for this call, or NULL. Copies it into `out` (the rules buffer is reused). */
static const char *action_for(const char *op, const char *from, const char *to, char *out, size_t size) {
  static unsigned calls[MAX_RULES];
  char rules[4096];
  const char *env = getenv("CKC_FAULTS");
  if (env == NULL || strlen(env) >= sizeof rules) return NULL;
  strcpy(rules, env);
  char *save = NULL;
  int index = 0;
  for (char *rule = strtok_r(rules, ";", &save); rule != NULL && index < MAX_RULES; rule = strtok_r(NULL, ";", &save), index++) {
    char *colon = strchr(rule, ':');
    char *gt = colon ? strchr(colon, '>') : NULL;
    char *eq = gt ? strchr(gt, '=') : NULL;
    if (!colon || !gt || !eq) continue;
    *colon = *gt = *eq = '\0';
    const char *rule_from = colon + 1, *rule_to = gt + 1;
    char *action = eq + 1, *at = strchr(action, '@');
    unsigned nth = 0;
    if (at) {
      *at = '\0';
      nth = (unsigned)atoi(at + 1);
    }
    if (strcmp(rule, op) != 0 || strstr(from, rule_from) == NULL) continue;
    if (to != NULL) {
      size_t tl = strlen(to), rl = strlen(rule_to);
      if (rl > tl || strcmp(to + tl - rl, rule_to) != 0) continue;
    }
    calls[index]++;
    if (nth != 0 && calls[index] != nth) continue;
    snprintf(out, size, "%s", action);
    return out;
  }
  return NULL;
}

/* Returns -1 (errno set) when the call must fail, 0 when it goes ahead. */
static int apply(const char *action, const char *to) {
  if (action == NULL) return 0;
  if (strcmp(action, "EIO") == 0) return errno = EIO, -1;
  if (strcmp(action, "EXDEV") == 0) return errno = EXDEV, -1;
  if (strcmp(action, "ENOSPC") == 0) return errno = ENOSPC, -1;
  if (strcmp(action, "EACCES") == 0) return errno = EACCES, -1;
  if (strcmp(action, "KILL") == 0) kill(getpid(), SIGKILL);
  if (strcmp(action, "SIGINT") == 0) kill(getpid(), SIGINT);
  if (strcmp(action, "SIGTERM") == 0) kill(getpid(), SIGTERM);
  if (strcmp(action, "FILL") == 0 && to != NULL) {
    static int (*real_mkdir)(const char *, mode_t);
    if (!real_mkdir) real_mkdir = dlsym(RTLD_NEXT, "mkdir");
    char file[4096];
    real_mkdir(to, 0755);
    snprintf(file, sizeof file, "%s/appeared.txt", to);
    int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      (void)!write(fd, "written by someone else\n", 24);
      close(fd);
    }
  }
  return 0;
}

int rename(const char *from, const char *to) {
  static int (*real)(const char *, const char *);
  if (!real) real = dlsym(RTLD_NEXT, "rename");
  char action[32];
  if (apply(action_for("rename", from, to, action, sizeof action), to) < 0) return -1;
  return real(from, to);
}

int renameat(int fromdir, const char *from, int todir, const char *to) {
  static int (*real)(int, const char *, int, const char *);
  if (!real) real = dlsym(RTLD_NEXT, "renameat");
  char action[32];
  if (apply(action_for("rename", from, to, action, sizeof action), to) < 0) return -1;
  return real(fromdir, from, todir, to);
}

int renameat2(int fromdir, const char *from, int todir, const char *to, unsigned int flags) {
  static int (*real)(int, const char *, int, const char *, unsigned int);
  if (!real) real = dlsym(RTLD_NEXT, "renameat2");
  char action[32];
  if (apply(action_for("rename", from, to, action, sizeof action), to) < 0) return -1;
  return real(fromdir, from, todir, to, flags);
}

int mkdir(const char *path, mode_t mode) {
  static int (*real)(const char *, mode_t);
  if (!real) real = dlsym(RTLD_NEXT, "mkdir");
  char action[32];
  if (apply(action_for("mkdir", path, NULL, action, sizeof action), NULL) < 0) return -1;
  return real(path, mode);
}

int unlink(const char *path) {
  static int (*real)(const char *);
  if (!real) real = dlsym(RTLD_NEXT, "unlink");
  char action[32];
  if (apply(action_for("unlink", path, NULL, action, sizeof action), NULL) < 0) return -1;
  return real(path);
}

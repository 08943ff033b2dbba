/* The authority for Linux (x86_64 and aarch64) in scripts/facts.sh: the real headers, glibc's
 * and the kernel's (linux-libc-dev; for aarch64 libc6-dev-arm64-cross and its kernel headers),
 * compiled by the target's gcc. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <linux/io_uring.h>
#include <linux/time_types.h>
#include <linux/version.h>

/* Two fields our lesson names as newer kernels do (6.5 and 6.12); older uapi headers call
 * them by their earlier names, at the same place. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0)
#define user_addr resv2
#endif
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 12, 0)
#define min_wait_usec pad
#endif

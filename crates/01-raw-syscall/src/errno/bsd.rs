//! macOS and FreeBSD errno numbers: both inherit 4.4BSD's `sys/errno.h`, so the ones named here
//! are the same on both (45 is not: `ENOTSUP` on macOS, `EOPNOTSUPP` on FreeBSD, so it is left out).

use super::Errno;

impl Errno {
    /// Operation not permitted (1).
    pub const EPERM: Errno = Errno::new(1);
    /// No such file or directory (2).
    pub const ENOENT: Errno = Errno::new(2);
    /// No such process (3).
    pub const ESRCH: Errno = Errno::new(3);
    /// Interrupted system call (4).
    pub const EINTR: Errno = Errno::new(4);
    /// Input/output error (5).
    pub const EIO: Errno = Errno::new(5);
    /// No such device or address (6).
    pub const ENXIO: Errno = Errno::new(6);
    /// Argument list too long (7).
    pub const E2BIG: Errno = Errno::new(7);
    /// Exec format error (8).
    pub const ENOEXEC: Errno = Errno::new(8);
    /// Bad file descriptor (9).
    pub const EBADF: Errno = Errno::new(9);
    /// No child processes (10).
    pub const ECHILD: Errno = Errno::new(10);
    /// Cannot allocate memory (12).
    pub const ENOMEM: Errno = Errno::new(12);
    /// Permission denied (13).
    pub const EACCES: Errno = Errno::new(13);
    /// Bad address (14).
    pub const EFAULT: Errno = Errno::new(14);
    /// Device or resource busy (16).
    pub const EBUSY: Errno = Errno::new(16);
    /// File exists (17).
    pub const EEXIST: Errno = Errno::new(17);
    /// Invalid cross-device link (18).
    pub const EXDEV: Errno = Errno::new(18);
    /// No such device (19).
    pub const ENODEV: Errno = Errno::new(19);
    /// Not a directory (20).
    pub const ENOTDIR: Errno = Errno::new(20);
    /// Is a directory (21).
    pub const EISDIR: Errno = Errno::new(21);
    /// Invalid argument (22).
    pub const EINVAL: Errno = Errno::new(22);
    /// Too many open files in system (23).
    pub const ENFILE: Errno = Errno::new(23);
    /// Too many open files (24).
    pub const EMFILE: Errno = Errno::new(24);
    /// Inappropriate ioctl for device (25).
    pub const ENOTTY: Errno = Errno::new(25);
    /// File too large (27).
    pub const EFBIG: Errno = Errno::new(27);
    /// No space left on device (28).
    pub const ENOSPC: Errno = Errno::new(28);
    /// Illegal seek (29).
    pub const ESPIPE: Errno = Errno::new(29);
    /// Read-only file system (30).
    pub const EROFS: Errno = Errno::new(30);
    /// Broken pipe (32).
    pub const EPIPE: Errno = Errno::new(32);
    /// Result too large (34).
    pub const ERANGE: Errno = Errno::new(34);
    /// Resource temporarily unavailable (try again) (35).
    pub const EAGAIN: Errno = Errno::new(35);
    /// Operation now in progress (36).
    pub const EINPROGRESS: Errno = Errno::new(36);
    /// Operation already in progress (37).
    pub const EALREADY: Errno = Errno::new(37);
    /// Socket operation on non-socket (38).
    pub const ENOTSOCK: Errno = Errno::new(38);
    /// Message too long (40).
    pub const EMSGSIZE: Errno = Errno::new(40);
    /// Protocol not available (42).
    pub const ENOPROTOOPT: Errno = Errno::new(42);
    /// Protocol not supported (43).
    pub const EPROTONOSUPPORT: Errno = Errno::new(43);
    /// Address family not supported by protocol family (47).
    pub const EAFNOSUPPORT: Errno = Errno::new(47);
    /// Address already in use (48).
    pub const EADDRINUSE: Errno = Errno::new(48);
    /// Can't assign requested address (49).
    pub const EADDRNOTAVAIL: Errno = Errno::new(49);
    /// Network is down (50).
    pub const ENETDOWN: Errno = Errno::new(50);
    /// Network is unreachable (51).
    pub const ENETUNREACH: Errno = Errno::new(51);
    /// Software caused connection abort (53).
    pub const ECONNABORTED: Errno = Errno::new(53);
    /// Connection reset by peer (54).
    pub const ECONNRESET: Errno = Errno::new(54);
    /// No buffer space available (55).
    pub const ENOBUFS: Errno = Errno::new(55);
    /// Socket is already connected (56).
    pub const EISCONN: Errno = Errno::new(56);
    /// Socket is not connected (57).
    pub const ENOTCONN: Errno = Errno::new(57);
    /// Operation timed out (60).
    pub const ETIMEDOUT: Errno = Errno::new(60);
    /// Connection refused (61).
    pub const ECONNREFUSED: Errno = Errno::new(61);
    /// Too many levels of symbolic links (62).
    pub const ELOOP: Errno = Errno::new(62);
    /// File name too long (63).
    pub const ENAMETOOLONG: Errno = Errno::new(63);
    /// No route to host (65).
    pub const EHOSTUNREACH: Errno = Errno::new(65);
    /// Directory not empty (66).
    pub const ENOTEMPTY: Errno = Errno::new(66);
    /// Function not implemented (78).
    pub const ENOSYS: Errno = Errno::new(78);
}

/// Each errno this crate can name, with its meaning, in number order.
pub(super) const ERRNOS: &[(Errno, &str, &str)] = &[
    (Errno::EPERM, "EPERM", "operation not permitted"),
    (Errno::ENOENT, "ENOENT", "no such file or directory"),
    (Errno::ESRCH, "ESRCH", "no such process"),
    (Errno::EINTR, "EINTR", "interrupted system call"),
    (Errno::EIO, "EIO", "input/output error"),
    (Errno::ENXIO, "ENXIO", "no such device or address"),
    (Errno::E2BIG, "E2BIG", "argument list too long"),
    (Errno::ENOEXEC, "ENOEXEC", "exec format error"),
    (Errno::EBADF, "EBADF", "bad file descriptor"),
    (Errno::ECHILD, "ECHILD", "no child processes"),
    (Errno::ENOMEM, "ENOMEM", "cannot allocate memory"),
    (Errno::EACCES, "EACCES", "permission denied"),
    (Errno::EFAULT, "EFAULT", "bad address"),
    (Errno::EBUSY, "EBUSY", "device or resource busy"),
    (Errno::EEXIST, "EEXIST", "file exists"),
    (Errno::EXDEV, "EXDEV", "invalid cross-device link"),
    (Errno::ENODEV, "ENODEV", "no such device"),
    (Errno::ENOTDIR, "ENOTDIR", "not a directory"),
    (Errno::EISDIR, "EISDIR", "is a directory"),
    (Errno::EINVAL, "EINVAL", "invalid argument"),
    (Errno::ENFILE, "ENFILE", "too many open files in system"),
    (Errno::EMFILE, "EMFILE", "too many open files"),
    (Errno::ENOTTY, "ENOTTY", "inappropriate ioctl for device"),
    (Errno::EFBIG, "EFBIG", "file too large"),
    (Errno::ENOSPC, "ENOSPC", "no space left on device"),
    (Errno::ESPIPE, "ESPIPE", "illegal seek"),
    (Errno::EROFS, "EROFS", "read-only file system"),
    (Errno::EPIPE, "EPIPE", "broken pipe"),
    (Errno::ERANGE, "ERANGE", "result too large"),
    (
        Errno::EAGAIN,
        "EAGAIN",
        "resource temporarily unavailable (try again)",
    ),
    (
        Errno::EINPROGRESS,
        "EINPROGRESS",
        "operation now in progress",
    ),
    (Errno::EALREADY, "EALREADY", "operation already in progress"),
    (
        Errno::ENOTSOCK,
        "ENOTSOCK",
        "socket operation on non-socket",
    ),
    (Errno::EMSGSIZE, "EMSGSIZE", "message too long"),
    (Errno::ENOPROTOOPT, "ENOPROTOOPT", "protocol not available"),
    (
        Errno::EPROTONOSUPPORT,
        "EPROTONOSUPPORT",
        "protocol not supported",
    ),
    (
        Errno::EAFNOSUPPORT,
        "EAFNOSUPPORT",
        "address family not supported by protocol family",
    ),
    (Errno::EADDRINUSE, "EADDRINUSE", "address already in use"),
    (
        Errno::EADDRNOTAVAIL,
        "EADDRNOTAVAIL",
        "can't assign requested address",
    ),
    (Errno::ENETDOWN, "ENETDOWN", "network is down"),
    (Errno::ENETUNREACH, "ENETUNREACH", "network is unreachable"),
    (
        Errno::ECONNABORTED,
        "ECONNABORTED",
        "software caused connection abort",
    ),
    (Errno::ECONNRESET, "ECONNRESET", "connection reset by peer"),
    (Errno::ENOBUFS, "ENOBUFS", "no buffer space available"),
    (Errno::EISCONN, "EISCONN", "socket is already connected"),
    (Errno::ENOTCONN, "ENOTCONN", "socket is not connected"),
    (Errno::ETIMEDOUT, "ETIMEDOUT", "operation timed out"),
    (Errno::ECONNREFUSED, "ECONNREFUSED", "connection refused"),
    (Errno::ELOOP, "ELOOP", "too many levels of symbolic links"),
    (Errno::ENAMETOOLONG, "ENAMETOOLONG", "file name too long"),
    (Errno::EHOSTUNREACH, "EHOSTUNREACH", "no route to host"),
    (Errno::ENOTEMPTY, "ENOTEMPTY", "directory not empty"),
    (Errno::ENOSYS, "ENOSYS", "function not implemented"),
];

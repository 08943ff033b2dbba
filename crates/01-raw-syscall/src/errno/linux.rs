//! Linux errno numbers, the same on x86_64 and aarch64 (`include/uapi/asm-generic/errno-base.h`
//! and `errno.h`). The meanings follow glibc's `strerror`, in lower case.

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
    /// Resource temporarily unavailable (try again) (11).
    pub const EAGAIN: Errno = Errno::new(11);
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
    /// File name too long (36).
    pub const ENAMETOOLONG: Errno = Errno::new(36);
    /// Function not implemented (38).
    pub const ENOSYS: Errno = Errno::new(38);
    /// Directory not empty (39).
    pub const ENOTEMPTY: Errno = Errno::new(39);
    /// Too many levels of symbolic links (40).
    pub const ELOOP: Errno = Errno::new(40);
    /// Socket operation on non-socket (88).
    pub const ENOTSOCK: Errno = Errno::new(88);
    /// Message too long (90).
    pub const EMSGSIZE: Errno = Errno::new(90);
    /// Protocol not available (92).
    pub const ENOPROTOOPT: Errno = Errno::new(92);
    /// Protocol not supported (93).
    pub const EPROTONOSUPPORT: Errno = Errno::new(93);
    /// Operation not supported (95).
    pub const EOPNOTSUPP: Errno = Errno::new(95);
    /// Address family not supported by protocol (97).
    pub const EAFNOSUPPORT: Errno = Errno::new(97);
    /// Address already in use (98).
    pub const EADDRINUSE: Errno = Errno::new(98);
    /// Cannot assign requested address (99).
    pub const EADDRNOTAVAIL: Errno = Errno::new(99);
    /// Network is down (100).
    pub const ENETDOWN: Errno = Errno::new(100);
    /// Network is unreachable (101).
    pub const ENETUNREACH: Errno = Errno::new(101);
    /// Software caused connection abort (103).
    pub const ECONNABORTED: Errno = Errno::new(103);
    /// Connection reset by peer (104).
    pub const ECONNRESET: Errno = Errno::new(104);
    /// No buffer space available (105).
    pub const ENOBUFS: Errno = Errno::new(105);
    /// Socket is already connected (106).
    pub const EISCONN: Errno = Errno::new(106);
    /// Socket is not connected (107).
    pub const ENOTCONN: Errno = Errno::new(107);
    /// Connection timed out (110).
    pub const ETIMEDOUT: Errno = Errno::new(110);
    /// Connection refused (111).
    pub const ECONNREFUSED: Errno = Errno::new(111);
    /// No route to host (113).
    pub const EHOSTUNREACH: Errno = Errno::new(113);
    /// Operation already in progress (114).
    pub const EALREADY: Errno = Errno::new(114);
    /// Operation now in progress (115).
    pub const EINPROGRESS: Errno = Errno::new(115);
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
    (
        Errno::EAGAIN,
        "EAGAIN",
        "resource temporarily unavailable (try again)",
    ),
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
    (Errno::ENAMETOOLONG, "ENAMETOOLONG", "file name too long"),
    (Errno::ENOSYS, "ENOSYS", "function not implemented"),
    (Errno::ENOTEMPTY, "ENOTEMPTY", "directory not empty"),
    (Errno::ELOOP, "ELOOP", "too many levels of symbolic links"),
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
    (Errno::EOPNOTSUPP, "EOPNOTSUPP", "operation not supported"),
    (
        Errno::EAFNOSUPPORT,
        "EAFNOSUPPORT",
        "address family not supported by protocol",
    ),
    (Errno::EADDRINUSE, "EADDRINUSE", "address already in use"),
    (
        Errno::EADDRNOTAVAIL,
        "EADDRNOTAVAIL",
        "cannot assign requested address",
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
    (Errno::ETIMEDOUT, "ETIMEDOUT", "connection timed out"),
    (Errno::ECONNREFUSED, "ECONNREFUSED", "connection refused"),
    (Errno::EHOSTUNREACH, "EHOSTUNREACH", "no route to host"),
    (Errno::EALREADY, "EALREADY", "operation already in progress"),
    (
        Errno::EINPROGRESS,
        "EINPROGRESS",
        "operation now in progress",
    ),
];

//! macOS's `libSystem` and FreeBSD's libc export `errno`'s address as `__error()`.

use core::ffi::c_int;

/// The name of the function below, for the lesson's output.
pub const NAME: &str = "__error()";

unsafe extern "C" {
    /// `int *__error(void);`: the calling thread's `errno`.
    #[link_name = "__error"]
    pub fn errno_location() -> *mut c_int;
}

//! glibc and musl on Linux export `errno`'s address as `__errno_location()`.

use core::ffi::c_int;

/// The name of the function below, for the lesson's output.
pub const NAME: &str = "__errno_location()";

unsafe extern "C" {
    /// `int *__errno_location(void);`: the calling thread's `errno`.
    #[link_name = "__errno_location"]
    pub fn errno_location() -> *mut c_int;
}

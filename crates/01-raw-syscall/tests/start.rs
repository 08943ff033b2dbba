//! The arguments `_start` finds on the stack, read from a stack laid out as the kernel does it.
//! (The real one is read by the no-libc programs: lesson 09's server takes its port from it.)
#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

use raw_syscall::start::InitialStack;

/// `argc`, the `argv` pointers and their null terminator, then an empty environment, as the
/// kernel lays them out; the strings are `'static`, as `InitialStack` requires.
fn stack_for(args: &[&'static [u8]]) -> Vec<usize> {
    let mut stack = vec![args.len()];
    for arg in args {
        assert_eq!(arg.last(), Some(&0), "a C string ends in NUL");
        stack.push(arg.as_ptr() as usize);
    }
    stack.extend([0, 0]); // the end of argv, then the end of an empty envp
    stack
}

#[test]
fn args_are_read_in_order_without_their_nul() {
    let stack = stack_for(&[b"/bin/server\0", b"8080\0", b"\0", b"caf\xc3\xa9 \xff\0"]);
    // SAFETY: `stack` is laid out as `from_ptr` requires, outlives every use below, and the
    // strings are static.
    let initial = unsafe { InitialStack::from_ptr(stack.as_ptr()) };
    let args: Vec<&[u8]> = initial.args().collect();
    // Empty, non-UTF-8: passed through as bytes, exactly as `execve` got them.
    let expected: [&[u8]; 4] = [b"/bin/server", b"8080", b"", b"caf\xc3\xa9 \xff"];
    assert_eq!(args, expected);
    assert_eq!(initial.args().len(), 4);
}

#[test]
fn no_arguments_at_all_is_empty() {
    // `execve` with an empty argv is allowed (Linux 5.18+ then adds an empty argv[0], older
    // kernels pass none): the iterator must not read past `argc`.
    let stack = stack_for(&[]);
    // SAFETY: as above.
    let initial = unsafe { InitialStack::from_ptr(stack.as_ptr()) };
    assert_eq!(initial.args().next(), None);
}

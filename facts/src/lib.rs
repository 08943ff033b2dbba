//! The facts check: every number and layout the lessons type by hand for a kernel or a C
//! library, compared at compile time with an authority that is not our own reading.
//!
//! This crate has no code to run. `scripts/facts.sh` generates one file of comparisons per
//! target from the tables in `facts/list/` (with the authority's values filled in: read from
//! the real C headers by the target's C compiler on Linux and Windows, or named in the `libc`
//! crate on macOS and FreeBSD), and compiles this crate for that target with
//! `FACTS_CHECKS=<that file>`. Each comparison is one line of the form
//!
//! ```text
//! const _: Same<{ ours }> = Same::<{ theirs }>;
//! ```
//!
//! so a mismatch is a type error in which rustc prints both numbers ("expected `4`, found
//! `5`": ours first), at a line of the generated file that `scripts/facts.sh` maps back to
//! the item's name. Nothing here is linked or run, which is why the same check works for
//! targets this machine can only compile for.
#![no_std]
#![allow(unused_assignments, clippy::all)]

/// A type that carries one number: `Same<{ a }>` and `Same<{ b }>` are the same type only if
/// `a == b`.
pub struct Same<const VALUE: i128>;

/// Does the authority's number `value` fit a `bits`-wide integer, read as signed or unsigned?
/// (A C header's `1U << 31` and our `u32` agree; so do its `-1` and our `0xFFFF_FFFF`.) The
/// generated check converts such a value to our type before comparing; one that does not
/// fit is compared unconverted, and so always fails.
pub const fn fits(value: i128, bits: u32) -> bool {
    value >= -(1i128 << (bits - 1)) && value < (1i128 << bits)
}

/// The size of the field that `field` points to, without a value of `T` and without a
/// reference to the field (fields of packed structs cannot be referenced).
pub const fn field_size<T, F>(_field: fn(*const T) -> *const F) -> usize {
    core::mem::size_of::<F>()
}

include!(env!("FACTS_CHECKS"));

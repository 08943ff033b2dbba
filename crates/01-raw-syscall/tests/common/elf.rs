//! Reading an ELF file's headers by hand (the layout is in `elf(5)`): enough to prove that a
//! program is static and needs no dynamic loader. Shared by the no-libc tests of lessons 01
//! and 09, which include this file with `#[path]` (`#[path = "common/elf.rs"] mod elf;` here).
#![allow(dead_code)] // each test uses what it needs

/// `e_type` of a fixed-address executable (not position-independent, nothing to relocate).
pub const ET_EXEC: u16 = 2;
/// `e_machine` of x86_64 and of aarch64.
pub const EM_X86_64: u16 = 62;
/// See [`EM_X86_64`].
pub const EM_AARCH64: u16 = 183;
/// Program header types: a dynamic section (libraries to load, symbols to bind)...
pub const PT_DYNAMIC: u32 = 2;
/// ...and the path of the dynamic loader (`/lib64/ld-linux-x86-64.so.2`).
pub const PT_INTERP: u32 = 3;

fn u16_at(elf: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([elf[at], elf[at + 1]])
}

/// Checks the identification bytes: a 64-bit little-endian ELF file.
pub fn check_header(elf: &[u8]) {
    assert_eq!(&elf[..4], b"\x7fELF", "not an ELF file");
    assert_eq!(elf[4], 2, "not a 64-bit ELF");
    assert_eq!(elf[5], 1, "not little-endian");
}

/// `e_type`: executable, shared object (also every PIE), ...
pub fn file_type(elf: &[u8]) -> u16 {
    check_header(elf);
    u16_at(elf, 16)
}

/// `e_machine`: the CPU the code is for.
pub fn machine(elf: &[u8]) -> u16 {
    check_header(elf);
    u16_at(elf, 18)
}

/// The type of each program header, in order.
pub fn program_header_types(elf: &[u8]) -> Vec<u32> {
    check_header(elf);
    let phoff = u64::from_le_bytes(elf[0x20..0x28].try_into().unwrap()) as usize;
    let (phentsize, phnum) = (u16_at(elf, 0x36) as usize, u16_at(elf, 0x38) as usize);
    (0..phnum)
        .map(|i| {
            let at = phoff + i * phentsize;
            u32::from_le_bytes(elf[at..at + 4].try_into().unwrap())
        })
        .collect()
}

/// Asserts that the program asks for no dynamic loader, has no dynamic section (so nothing is
/// loaded but itself) and is a fixed-address executable.
pub fn assert_static_without_loader(elf: &[u8]) {
    let types = program_header_types(elf);
    assert!(!types.is_empty(), "no program headers");
    assert!(
        !types.contains(&PT_INTERP),
        "it asks for a dynamic loader: {types:?}"
    );
    assert!(
        !types.contains(&PT_DYNAMIC),
        "it has a dynamic section: {types:?}"
    );
    assert_eq!(file_type(elf), ET_EXEC, "not a fixed-address executable");
}

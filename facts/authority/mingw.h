/* The authority for Windows (x86_64, gnu and msvc) in scripts/facts.sh: mingw-w64's headers,
 * compiled by x86_64-w64-mingw32-gcc, and wepoll's AFD definitions (afd.h). */
#include <stddef.h>
#include <winsock2.h>
#include <windows.h>
#include <mswsock.h>
#include <winternl.h>
#include <ntstatus.h>
#include "afd.h"

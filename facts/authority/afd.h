/* AFD's private interface, which no public header has: the authority for lesson 06's
 * crates/06-iocp/src/sys/afd.rs in scripts/facts.sh.
 *
 * Transcribed from wepoll (https://github.com/piscisaureus/wepoll, BSD-2-Clause), the C
 * library that mio's and polling's Windows backends learned AFD poll from:
 *   src/afd.h  (commit 07af653): the AFD_POLL_* events and the two structs;
 *   src/afd.c  (same commit):    IOCTL_AFD_POLL.
 * mio's src/sys/windows/afd.rs declares the same values (POLL_RECEIVE .. POLL_CONNECT_FAIL,
 * IOCTL_AFD_POLL = 0x00012024, AfdPollHandleInfo, AfdPollInfo).
 * The types (HANDLE, ULONG, NTSTATUS, LARGE_INTEGER) are mingw-w64's. */
#ifndef FACTS_AFD_H
#define FACTS_AFD_H

#define IOCTL_AFD_POLL 0x00012024

#define AFD_POLL_RECEIVE           0x0001
#define AFD_POLL_RECEIVE_EXPEDITED 0x0002
#define AFD_POLL_SEND              0x0004
#define AFD_POLL_DISCONNECT        0x0008
#define AFD_POLL_ABORT             0x0010
#define AFD_POLL_LOCAL_CLOSE       0x0020
#define AFD_POLL_ACCEPT            0x0080
#define AFD_POLL_CONNECT_FAIL      0x0100

typedef struct _AFD_POLL_HANDLE_INFO {
  HANDLE Handle;
  ULONG Events;
  NTSTATUS Status;
} AFD_POLL_HANDLE_INFO, *PAFD_POLL_HANDLE_INFO;

typedef struct _AFD_POLL_INFO {
  LARGE_INTEGER Timeout;
  ULONG NumberOfHandles;
  ULONG Exclusive;
  AFD_POLL_HANDLE_INFO Handles[1];
} AFD_POLL_INFO, *PAFD_POLL_INFO;

#endif

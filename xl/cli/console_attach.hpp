#pragma once
// xl console: the terminal joined to a guest console's pty until Ctrl-]
// (0x1d) or the pty closes. The terminal is raw meanwhile, and restored.
#include <string>

namespace xl {

// 0 when detached by Ctrl-] or the console went away; 1 when the pty
// cannot be opened.
int attach_console(const std::string& tty);

} // namespace xl

# Compiler flags for the facade: warnings everywhere, and an opt-in
# AddressSanitizer/UBSan build (-DTILEWRIGHT_SANITIZE=ON) for the hardening suite.
option(TILEWRIGHT_SANITIZE "Build the facade with AddressSanitizer and UBSan" OFF)

function(tilewright_apply_flags target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  if(TILEWRIGHT_SANITIZE)
    # Any UBSan finding aborts (as ASan's do), so a finding fails the test run.
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-sanitize-recover=all
                           -fno-omit-frame-pointer)
  endif()
endfunction()

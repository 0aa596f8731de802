# hocvuso_target(): the one place that sets the language level, warnings and sanitizers.

function(hocvuso_target target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    # GCC 12 false positive on Asio's awaitable frames: it pairs their class-specific
    # operator new/delete with the global ones once a coroutine gets inlined.
    -Wno-mismatched-new-delete
    # GCC 12 false positive in Release (-O2/-O3) on std::string's operator+ with a
    # literal ("\n" + s): it warns of a memcpy of 2^63 bytes that cannot happen
    # (GCC bug 105329, fixed in GCC 13). Eleven sites printed it.
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>,$<NOT:$<CONFIG:Debug>>>:-Wno-restrict>)
  if(HOCVUSO_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(HOCVUSO_SANITIZE)
    # The product's code gets AddressSanitizer and UndefinedBehaviorSanitizer. The tests'
    # and benchmarks' own code gets AddressSanitizer only: UBSan's checks made each unit
    # take a third longer to compile (channels.cpp 18.4 s of CPU with both, 11.9 s with
    # ASan alone), the test units are half of CI's build, and the code whose behaviour
    # matters is the product's, which the tests run with both checks on.
    # Of UBSan's checks, the product leaves out three whose cost is a check on every
    # pointer use and whose catch is covered otherwise: null (a null dereference faults,
    # and ASan reports it with its stack), alignment (x86 loads any alignment; nothing
    # here casts byte buffers to wider types) and vptr (the only downcasts are
    # dynamic_cast). Together they were most of UBSan's compile time: composer.cpp
    # 12.2/16.4 s of CPU with them, 9.0/10.7 s without, 7.9/12.3 s with no UBSan at all
    # (two runs each, loaded machine). The checks that find real bugs in this code stay:
    # signed overflow and shifts (the fuzzers found three overflows), bounds, bool and enum
    # loads, float casts, division by zero, unreachable and missing returns.
    # Compile options are PRIVATE so each target keeps its own set; every binary links
    # both runtimes.
    string(FIND "${CMAKE_CURRENT_SOURCE_DIR}/" "${PROJECT_SOURCE_DIR}/tests/" in_tests)
    string(FIND "${CMAKE_CURRENT_SOURCE_DIR}/" "${PROJECT_SOURCE_DIR}/bench/" in_bench)
    if(in_tests EQUAL 0 OR in_bench EQUAL 0)
      target_compile_options(${target} PRIVATE -fsanitize=address -fno-omit-frame-pointer)
    else()
      target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                             -fno-sanitize=null,alignment,vptr -fno-sanitize-recover=undefined)
    endif()
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  endif()
  if(HOCVUSO_FUZZ)
    # libFuzzer coverage everywhere. ASan and UBSan too, except where C++20 coroutines
    # are compiled: clang 14 cannot build those with sanitizers ("Cannot represent a
    # difference across sections"). tests/fuzz/run.sh; CI replays the corpora under GCC.
    if(target IN_LIST HOCVUSO_FUZZ_COROUTINE_TARGETS)
      target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link -g0)
    else()
      target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                             -fno-sanitize-recover=undefined)
    endif()
  endif()
  if(HOCVUSO_TSAN)
    # -Wno-tsan: GCC 12 warns in every unit that includes Asio's and Beast's headers that
    # ThreadSanitizer does not model std::atomic_thread_fence, and -Werror made that an error
    # (the build stopped at bot/http). The fences are Asio's; TSan may then report a race
    # that a fence prevents, never miss one it would otherwise see.
    target_compile_options(${target} PUBLIC -fsanitize=thread -fno-omit-frame-pointer -Wno-tsan)
    target_link_options(${target} PUBLIC -fsanitize=thread)
  endif()
endfunction()

# Asio and Beast are compiled once, in bot/http/asio_impl.cpp; every user of them
# must see the same separate-compilation switches.
# No BOOST_BEAST_USE_STD_STRING_VIEW: since Boost 1.81 beast::string_view is
# boost::core::string_view, which converts to and from std::string_view by itself;
# the macro only printed a deprecation note in every Beast unit.
set(HOCVUSO_ASIO_DEFINITIONS
  BOOST_ASIO_SEPARATE_COMPILATION
  BOOST_BEAST_SEPARATE_COMPILATION
  BOOST_ASIO_NO_DEPRECATED)

# Targets that compile coroutine code (see HOCVUSO_FUZZ above).
set(HOCVUSO_FUZZ_COROUTINE_TARGETS hocvuso_asio hocvuso_http hocvuso_outbox hocvuso_inbox hocvuso_app hocvuso_fuzz_http)

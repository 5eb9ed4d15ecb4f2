#!/usr/bin/env bash
# install_test.sh BUILD_DIR SOURCE_DIR CMAKE CXX PKG_CONFIG LIBDIR [CCACHE]: see CMakeLists.txt.
set -euo pipefail
build="$1" src="$2" cmake="$3" cxx="$4" pkg_config="$5" libdir="$6" ccache="${7:-}"
work="$build/install-test"   # a fixed path, so that ccache finds the two compiles again
prefix="$work/prefix"
example="$src/examples/out_of_tree"
rm -rf "$work"
mkdir -p "$work"
fail() { echo "install test: $*" >&2; exit 1; }
step() { echo "== $* ($SECONDS s)"; }

step "cmake --install $build --prefix $prefix"
"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install failed"; }
for f in include/rill/rill.hpp include/rill/graph/pipeline.hpp include/rill/io/read_from_text.hpp \
         include/rill/actors/node_runner.hpp include/rill/cli/cli_main.hpp \
         include/rill/options/program_options.hpp "$libdir/librill_graph.a" \
         "$libdir/librill_actors.a" "$libdir/librill_options.a" "$libdir/librill_cli.a" \
         "$libdir/cmake/rill/rillConfig.cmake" "$libdir/cmake/rill/rillConfigVersion.cmake" \
         "$libdir/cmake/rill/rillTargets.cmake" "$libdir/cmake/rill/rillCAF.cmake" \
         "$libdir/pkgconfig/rill.pc" bin/rill; do
  [ -e "$prefix/$f" ] || fail "$f is not installed"
done
! find "$prefix/include" -name '*.cpp' | grep -q . || fail "sources installed as headers"
[ ! -e "$prefix/include/rill/cli/builtin_templates.hpp" ] || fail "the rill executable's templates are installed"

printf 'The cat and the hat.\nthe END, the end\n\n' >"$work/input.txt"
expected=$'and: 1\ncat: 1\nend: 2\nhat: 1\nthe: 4'
check_run() {  # check_run NAME BINARY: the program's own template (rill::cli_main)
  local out="$work/out-$1"
  "$2" run wordcount --input="$work/input.txt" --output="$out/counts" --parallelism=2 \
    >"$work/$1.summary" 2>&1 || { cat "$work/$1.summary"; fail "$1: the program failed"; }
  grep -q "^job DONE" "$work/$1.summary" || { cat "$work/$1.summary"; fail "$1: no DONE in the summary"; }
  local got
  got="$(cat "$out"/counts-* | LC_ALL=C sort)"
  [ "$got" = "$expected" ] || fail "$1: the counts are"$'\n'"$got"$'\n'"expected"$'\n'"$expected"
  # Its parameters are checked before the job starts, its metadata exported.
  local status=0
  "$2" run wordcount --input="$work/input.txt" --output="$out/bad" --min-length=0 \
    >"$work/$1.bad" 2>&1 || status=$?
  [ "$status" = 2 ] && grep -q -- "--min-length=0 is not an integer in \[1, 100\]" "$work/$1.bad" ||
    { cat "$work/$1.bad"; fail "$1: a bad parameter did not exit 2 naming it (status $status)"; }
  local text
  text="$("$2" templates --format=json)" || fail "$1: templates --format=json failed"
  grep -q '"name": "min-length"' <<<"$text" || fail "$1: templates --format=json: $text"
  text="$("$2" run wordcount --help)" || fail "$1: run wordcount --help failed"
  grep -q -- "--parallelism=N" <<<"$text" || fail "$1: run wordcount --help: $text"
  echo "$1: ok"
}

launcher=()
[ -n "$ccache" ] && launcher=("$ccache")
step "examples/out_of_tree with CMake: find_package(rill), rill::rill"
"$cmake" -S "$example" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_CXX_COMPILER="$cxx" ${ccache:+-DCMAKE_CXX_COMPILER_LAUNCHER="$ccache"} \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$work/cmake-configure.log" 2>&1 ||
  { cat "$work/cmake-configure.log"; fail "configuring the example failed"; }
grep -qx "rill_DIR:PATH=$prefix/$libdir/cmake/rill" "$work/cmake-build/CMakeCache.txt" ||
  fail "find_package(rill) did not find the installed package: $(grep rill_DIR "$work/cmake-build/CMakeCache.txt")"
"$cmake" --build "$work/cmake-build" >"$work/cmake-build.log" 2>&1 ||
  { cat "$work/cmake-build.log"; fail "building the example failed"; }
check_run cmake "$work/cmake-build/app"

step "examples/out_of_tree/main.cpp with pkg-config --cflags --libs rill"
flags="$(PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" "$pkg_config" --cflags --libs rill)" ||
  fail "pkg-config rill failed"
echo "pkg-config --cflags --libs rill: $flags"
# Compiled and linked in two commands, so that ccache can keep the compile.
cflags="$(PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" "$pkg_config" --cflags rill)"
libs="$(PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" "$pkg_config" --libs rill)"
# shellcheck disable=SC2086  # the flags are words
"${launcher[@]}" "$cxx" -std=c++20 $cflags -c "$example/main.cpp" -o "$work/main-pkg-config.o" ||
  fail "compiling the example with pkg-config's flags failed"
# shellcheck disable=SC2086
"$cxx" "$work/main-pkg-config.o" $libs -o "$work/app-pkg-config" ||
  fail "linking the example with pkg-config's flags failed"
check_run pkg-config "$work/app-pkg-config"
step "done"

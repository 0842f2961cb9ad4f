# Sourced by the other scripts: makes sure the one build tool the Rust toolchain lacks is here.
# PROJ (the `proj` crate, bundled_proj) is compiled from source by cargo and needs CMake;
# PyPI's wheel is the quickest way to get it on a fresh machine (about 3 s).
if ! command -v cmake >/dev/null 2>&1; then
  echo "installing CMake from PyPI (needed once to build the bundled PROJ)..." >&2
  python3 -m pip install --quiet --disable-pip-version-check cmake >&2
fi
# The cmake crate honours $CMAKE: point it at the wheel's binary even when pip's scripts
# folder is not on PATH.
if [ -z "${CMAKE:-}" ]; then
  CMAKE="$(command -v cmake 2>/dev/null || python3 -c 'import cmake, os; print(os.path.join(cmake.CMAKE_BIN_DIR, "cmake"))')"
  export CMAKE
fi

/** Test code, recognised by path the way pytest and unittest projects lay it out. */

/** `tests/`, `test/` or `testing/` folders anywhere, `test_*.py`, `*_test.py`, `*_tests.py` and `conftest.py`. */
export function isTestPath(path: string): boolean {
  const parts = path.split(/[\\/]/);
  const file = parts[parts.length - 1] ?? "";
  if (/^test_.*\.py$|_tests?\.py$|^conftest\.py$/.test(file)) return true;
  return parts.slice(0, -1).some((d) => d === "tests" || d === "test" || d === "testing");
}

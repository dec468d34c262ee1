/**
 * Test code, recognised by path the way pytest, unittest and Django projects lay it out. Findings
 * there (pattern and data-flow) are reported as notes unless `--tests-as-code` is given; some rules skip it.
 */

/** `tests/`, `test/` or `testing/` folders anywhere, `test_*.py`, `*_test.py`, `*_tests.py`, `tests.py` (Django) and `conftest.py`. */
export function isTestPath(path: string): boolean {
  const parts = path.split(/[\\/]/);
  const file = parts[parts.length - 1] ?? "";
  if (/^test_.*\.py$|_tests?\.py$|^tests\.py$|^conftest\.py$/.test(file)) return true;
  return parts.slice(0, -1).some((d) => d === "tests" || d === "test" || d === "testing");
}

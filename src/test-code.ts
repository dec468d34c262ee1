/**
 * Test code: files whose findings describe fixtures and test doubles more often than shipped
 * behaviour. Pattern findings there are reported as notes unless `--tests-as-code` is given.
 */

/** True for `tests/`/`test/` folders, `test_*.py`, `*_test.py`, `tests.py` (Django) and `conftest.py` (paths relative to the scan root). */
export function isTestPath(path: string): boolean {
  const parts = path.replace(/\\/g, "/").split("/");
  const file = parts.pop() ?? "";
  if (/^(test_.*|.*_test|tests|conftest)\.pyi?$/.test(file)) return true;
  return parts.some((dir) => dir === "tests" || dir === "test");
}

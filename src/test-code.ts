/**
 * Test code, recognised by path the way pytest, unittest and Django projects lay it out. Findings
 * there (pattern and data-flow) are reported as notes unless `--tests-as-code` is given; some rules skip it.
 */

/**
 * `tests/`, `test/`, `testing/` folders anywhere, and the kinds of tests named in one word or with an underscore
 * (`unittests/`, `unit_tests/`, `integration_tests/`, `functional_tests/`, `acceptance_tests/`); `test_*.py`,
 * `*_test.py`, `*_tests.py`, `tests.py` (Django) and `conftest.py`.
 */
const TEST_KIND_FOLDER = /^(?:unit|integration|functional|acceptance)_?tests$/;

export function isTestPath(path: string): boolean {
  const parts = path.split(/[\\/]/);
  const file = parts[parts.length - 1] ?? "";
  if (/^test_.*\.py$|_tests?\.py$|^tests\.py$|^conftest\.py$/.test(file)) return true;
  return parts.slice(0, -1).some((d) => d === "tests" || d === "test" || d === "testing" || TEST_KIND_FOLDER.test(d));
}

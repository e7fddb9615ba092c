"""Code the tests (and the benchmarks) share: reference implementations, servers, test data."""

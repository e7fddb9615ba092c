"""Tools around the course: the command line, prefetching, TensorBoard logging,
the environment report, and the instructor's tools: the instructor's release (with
the solutions, for nbgrader) and the student version.
"""

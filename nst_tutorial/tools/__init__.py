"""Tools around the course: the command line, prefetching, TensorBoard logging,
the environment report, and the instructor's student-version tool.
"""

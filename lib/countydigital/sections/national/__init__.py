"""Section 04, the national picture: county maps of China, the outflow claim under a stated
reading, and the counties nationwide nearest to the reference counties."""

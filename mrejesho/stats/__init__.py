"""Public statistics: per institution, how much feedback it received, how much it resolved
and how much of that on time, and how citizens rated it. No personal data. Its figures
module also gives the staff dashboard its numbers."""

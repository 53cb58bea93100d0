"""A citizen's rights over what is kept about their phone number (issue 15): proving the
number with a one-time SMS code (codes), seeing and downloading what is held (holdings),
and erasing their finished feedback (holdings.erase, the same anonymising as retention).
The pages are mrejesho/public/data.py (/data); the SMS keyword TAARIFA / MYDATA answers
with a count and the link (messages)."""

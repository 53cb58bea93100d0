"""The staff workspace: sign-in, the queue, a feedback's page and its actions, the
dashboard, CSV export, and the admin and manager pages.

Views here read through access.visible_feedback() and change feedback only through
mrejesho.feedback (the core). The Swahili catalog in translations/ also carries the
public statistics page (mrejesho/stats); refresh it with:

    pybabel extract -F mrejesho/staff/babel.cfg -k _l -o /tmp/staff.pot .
    pybabel update -i /tmp/staff.pot -d mrejesho/staff/translations -l sw
"""

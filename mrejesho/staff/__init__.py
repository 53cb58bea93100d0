"""The staff workspace, one blueprint (`staff`, views.py) grouped by what each part is:

- queue/      the queue page with its tabs, filters and counts; the CSV export; the
              managers' banner about late work
- case/       one feedback's page, the officer's actions on it and their forms, duplicate
              suggestions, canned responses
- admin/      staff accounts and the directory of institutions and sectors
- dashboard/  the dashboard's volume and charts (its figures: mrejesho.stats.figures)
Shared at the top: blueprint.py (sign-in required), access.py (every rule of who may see
and touch what), auth.py and accounts.py (sign-in), forms.py, words.py.

Views read through access.py and change feedback only through mrejesho.feedback (the core);
nothing here commits: the request's unit of work does (mrejesho.unit_of_work). The Swahili
catalog in translations/ also carries the public statistics page (mrejesho/stats); refresh
it with:

    pybabel -q extract -F mrejesho/staff/babel.cfg -k _l -o /tmp/staff.pot .
    pybabel -q update -i /tmp/staff.pot -d mrejesho/staff/translations -l sw
"""

"""The monitor's arithmetic: pure functions over plain values, no Django, no I/O, no clock.

Every function takes the year it is about as an argument; nothing here knows today's date.
"""

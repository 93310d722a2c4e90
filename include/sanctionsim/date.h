/* Calendar dates of timelines and measures ("YYYY-MM", "YYYY-MM-DD"). */
#ifndef SANCTIONSIM_DATE_H
#define SANCTIONSIM_DATE_H

/* A calendar date; `day` is 1 when a date was given as "YYYY-MM". */
typedef struct ss_date {
    int year, month, day;
} ss_date;

/* Parses "YYYY-MM" (allow_day 0) or "YYYY-MM" / "YYYY-MM-DD" (allow_day 1)
 * into d. Returns 0, or -1 when text is not a valid date. */
int ss_date_parse(const char *text, int allow_day, ss_date *d);

/* Compares two dates: negative, 0 or positive. */
int ss_date_cmp(const ss_date *a, const ss_date *b);

/* The number of days of a month (1..12) of a year, leap years counted. */
int ss_date_days_in_month(int year, int month);

#endif

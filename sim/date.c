/* Calendar dates: "YYYY-MM" and "YYYY-MM-DD", compared and checked. */
#include "sanctionsim/date.h"

#include <stdio.h>
#include <string.h>

int ss_date_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return days[month - 1] + (month == 2 && leap);
}

int ss_date_parse(const char *text, int allow_day, ss_date *d)
{
    int y, m, day = 1, used = 0;
    size_t len = strlen(text);
    if (len == 7 && sscanf(text, "%4d-%2d%n", &y, &m, &used) == 2 && used == 7)
        ;
    else if (allow_day && len == 10 && sscanf(text, "%4d-%2d-%2d%n", &y, &m, &day, &used) == 3 &&
             used == 10)
        ;
    else
        return -1;
    for (size_t k = 0; k < len; k++)
        if (text[k] != '-' && (text[k] < '0' || text[k] > '9'))
            return -1;
    if (y < 1000 || m < 1 || m > 12 || day < 1 || day > ss_date_days_in_month(y, m))
        return -1;
    d->year = y;
    d->month = m;
    d->day = day;
    return 0;
}

int ss_date_cmp(const ss_date *a, const ss_date *b)
{
    long x = a->year * 10000L + a->month * 100L + a->day;
    long y = b->year * 10000L + b->month * 100L + b->day;
    return (x > y) - (x < y);
}

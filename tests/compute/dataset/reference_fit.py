#!/usr/bin/env python3
"""Independent reference values for tst_dataset's trend-fit tests (mpmath, 50 digits).

Recomputes, without the C++ code: Student t quantiles, the noisy synthetic fit of fitKnownAnswerNoisy, and
the frontier fit of resources/data/api_prices.csv (frontier = 1 rows; x = midpoint of price_date in
fractional years; blended = (3 * input + output) / 4). Run from the repository root after editing
api_prices.csv and copy the printed values into tst_dataset.cpp.  Needs: pip install mpmath
"""
import csv, calendar, mpmath
mpmath.mp.dps=50
from mpmath import mpf, log, exp, sqrt
def mid(d):
    y=int(d[:4]); diy=mpf(366 if calendar.isleap(y) else 365)
    def doy(m,dd): return sum(calendar.monthrange(y,i)[1] for i in range(1,m))+dd
    if len(d)==4: return y+mpf(1)/2
    if d[5] in 'Qq':
        q=int(d[6]); m=3*q-2; days=sum(calendar.monthrange(y,m+i)[1] for i in range(3))
        return y+(doy(m,1)-1)/diy+mpf(days)/2/diy
    m=int(d[5:7])
    if len(d)==7: return y+(doy(m,1)-1)/diy+mpf(calendar.monthrange(y,m)[1])/2/diy
    return y+(doy(m,int(d[8:]))-1+mpf(1)/2)/diy
def tcrit(conf,dof):
    f=lambda t: 1-mpmath.betainc(mpf(dof)/2,mpf(1)/2,0,dof/(dof+t*t),regularized=True)-conf
    lo,hi=mpf(0),mpf(1000)
    for _ in range(300):
        m=(lo+hi)/2
        if f(m)<0: lo=m
        else: hi=m
    return (lo+hi)/2
def fit(pts,conf=mpf('0.95')):
    n=len(pts); xs=[mpf(x) for x,_ in pts]; ys=[log(mpf(p)) for _,p in pts]
    mx=sum(xs)/n; my=sum(ys)/n
    sxx=sum((x-mx)**2 for x in xs); sxy=sum((x-mx)*(y-my) for x,y in zip(xs,ys)); syy=sum((y-my)**2 for y in ys)
    b=sxy/sxx; sse=sum((y-my-b*(x-mx))**2 for x,y in zip(xs,ys)); se=sqrt(sse/(n-2)/sxx); t=tcrit(conf,n-2)
    return dict(slope=b,se=se,t=t,fold=exp(-b),low=exp(-(b+t*se)),high=exp(-(b-t*se)),halving=log(2)/-b,r2=1-sse/syy,n=n)
for c,d in [(0.95,1),(0.95,2),(0.95,10),(0.95,30),(0.99,5),(0.90,17)]:
    print('t',c,d,mpmath.nstr(tcrit(mpf(str(c)),d),17))
noisy=[(2020.0,60),(2020.5,30),(2021.0,25),(2021.5,8),(2022.0,6.5),(2022.5,1.5),(2023.0,1.2)]
f=fit([(mpf(str(x)),mpf(str(p))) for x,p in noisy])
for k in ['slope','se','t','fold','low','high','halving','r2']: print('#define REF_%s %s'%({'se':'SE','t':'T','fold':'FOLD','low':'FOLD_LOW','high':'FOLD_HIGH','halving':'HALVING','r2':'R2','slope':'SLOPE'}[k],mpmath.nstr(f[k],17)))
rows=[r for r in csv.DictReader(open('resources/data/api_prices.csv')) if r['frontier']=='1']
for basis,tag in [('blend','BLEND'),('in','IN'),('out','OUT')]:
    pts=[]
    for r in rows:
        i=mpf(r['input_usd_per_mtok']); o=mpf(r['output_usd_per_mtok'])
        p={'in':i,'out':o,'blend':(3*i+o)/4}[basis]
        pts.append((mid(r['price_date']),p))
    f=fit(pts)
    print('#define REF_%s_FOLD %s\n#define REF_%s_LOW %s\n#define REF_%s_HIGH %s'%(tag,mpmath.nstr(f['fold'],17),tag,mpmath.nstr(f['low'],17),tag,mpmath.nstr(f['high'],17)), '// n=',f['n'], 'halving',mpmath.nstr(f['halving'],6),'r2',mpmath.nstr(f['r2'],6))

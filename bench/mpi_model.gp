# Throughput of the MPI sweep against the number of ranks, from bench/mpi_model.py's TSV (docs/scaling.md).
# python3 bench/mpi_model.py > model.tsv && gnuplot -e "data='model.tsv'; out='docs/scaling-model.svg'" bench/mpi_model.gp
if (!exists("data")) data = 'model.tsv'
if (!exists("out")) out = 'scaling-model.svg'
set terminal svg size 760,480 dynamic font 'sans,12'
set output out
set logscale xy
set key top left
set grid
set xlabel 'MPI ranks'
set ylabel 'points per second'
set title 'Modelled MPI sweep (bench/mpi_model.py): 57 us a point; rank 0 takes 5 us a message, 0.4 us a row'
plot data index 0 using 2:4 with lines dashtype 2 lc rgb '#888888' title 'ideal (ranks - 1 workers)', \
     for [i=0:3] data index i using 2:3 with linespoints pt 7 ps 0.6 \
         title sprintf('block of %d points', word('16 64 256 1024', i + 1) + 0)

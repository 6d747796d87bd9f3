# best_so_far.gp: the script of best_so_far.svg, .png and .pdf, written by imcnas.
# Restyle it, then render it from this directory: gnuplot best_so_far.gp
# (for PNG or PDF, change the terminal to pngcairo or pdfcairo and the output name).
set terminal svg size 800,600 dynamic noenhanced font 'sans,11'
set output 'best_so_far.svg'
dir = ''
set grid
set key bottom right
set title 'amin2024-fashion-acc-lat-oneshot (accuracy/latency)' noenhanced
set key bottom right
set xlabel 'trial'
set ylabel 'fitness: accuracy/latency' noenhanced
plot dir.'best_so_far.dat' using 1:3 with points pt 7 ps 0.6 lc rgb '#9fb8d0' title 'trial', dir.'best_so_far.dat' using 1:2 with steps lw 2 lc rgb '#d62728' title 'best so far'

unset output

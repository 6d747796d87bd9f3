# pareto.gp: the script of pareto.svg, .png and .pdf, written by imcnas.
# Restyle it, then render it from this directory: gnuplot pareto.gp
# (for PNG or PDF, change the terminal to pngcairo or pdfcairo and the output name).
set terminal svg size 800,600 dynamic noenhanced font 'sans,11'
set output 'pareto.svg'
dir = ''
set grid
set key bottom right
set title 'amin2024-fashion-acc-lat-oneshot (accuracy/latency)' noenhanced
set xlabel 'energy (mJ)' noenhanced
set ylabel 'accuracy (fraction)' noenhanced
plot dir.'pareto.dat' using 1:2 with points pt 7 ps 0.7 lc rgb '#9fb8d0' title 'trial', dir.'pareto.dat' using ($3 > 0 ? $1 : 1/0):2 with points pt 7 ps 1.3 lc rgb '#d62728' title 'Pareto front (171 trials)'

unset output

# accuracy_vs_energy.gp: the script of accuracy_vs_energy.svg, .png and .pdf, written by imcnas.
# Restyle it, then render it from this directory: gnuplot accuracy_vs_energy.gp
# (for PNG or PDF, change the terminal to pngcairo or pdfcairo and the output name).
set terminal svg size 800,600 dynamic noenhanced font 'sans,11'
set output 'accuracy_vs_energy.svg'
dir = ''
set grid
set key bottom right
set title 'amin2024-fashion-acc-lat-oneshot (accuracy/latency)' noenhanced
set xlabel 'energy (mJ)'
set ylabel 'accuracy (%)'
plot dir.'trials.dat' using 4:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'trial', dir.'trials.dat' using ($6 > 0 ? $4 : 1/0):2 with points pt 3 ps 3 lw 2 lc rgb '#d62728' title 'best', dir.'infeasible.dat' using 3:4 with points pt 2 ps 1 lc rgb '#7f7f7f' title 'infeasible (not trained; no accuracy)'

unset output

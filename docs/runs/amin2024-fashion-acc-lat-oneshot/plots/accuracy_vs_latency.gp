# accuracy_vs_latency.gp: the script of accuracy_vs_latency.svg, .png and .pdf, written by imcnas.
# Restyle it, then render it from this directory: gnuplot accuracy_vs_latency.gp
# (for PNG or PDF, change the terminal to pngcairo or pdfcairo and the output name).
set terminal svg size 800,600 dynamic noenhanced font 'sans,11'
set output 'accuracy_vs_latency.svg'
dir = ''
$limit0 << EOD
2 11.828
2 79.7
EOD
set grid
set key bottom right
set title 'amin2024-fashion-acc-lat-oneshot (accuracy/latency)' noenhanced
set xlabel 'latency (ms)'
set ylabel 'accuracy (%)'
plot dir.'trials.dat' using 3:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'trial', dir.'trials.dat' using ($6 > 0 ? $3 : 1/0):2 with points pt 3 ps 3 lw 2 lc rgb '#d62728' title 'best', dir.'infeasible.dat' using 2:4 with points pt 2 ps 1 lc rgb '#7f7f7f' title 'infeasible (not trained; no accuracy)', $limit0 using 1:2 with lines dt 2 lw 2 lc rgb '#555555' title 'latency_ms <= 2 (constraint)'

unset output

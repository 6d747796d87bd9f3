# accuracy_vs_adc.bits.gp: the script of accuracy_vs_adc.bits.svg, .png and .pdf, written by imcnas.
# Restyle it, then render it from this directory: gnuplot accuracy_vs_adc.bits.gp
# (for PNG or PDF, change the terminal to pngcairo or pdfcairo and the output name).
set terminal svg size 800,600 dynamic noenhanced font 'sans,11'
set output 'accuracy_vs_adc.bits.svg'
dir = ''
set grid
set key bottom right
set title 'pcm-coexplore (pareto(accuracy max, energy_mj min, area_mm2 min))' noenhanced
set offsets graph 0.05, graph 0.05, 0, 0
set xlabel 'adc.bits' noenhanced
set ylabel 'accuracy (%)'
set cblabel 'energy (mJ)'
set palette rgb 33,13,10
plot dir.'hardware_adc.bits.dat' using 2:3:4 with points pt 7 ps 1 palette title 'trial (colour: energy)', dir.'hardware_adc.bits.dat' using ($5 > 0 ? $2 : 1/0):3 with points pt 3 ps 3 lw 2 lc rgb 'black' title 'best'

unset output

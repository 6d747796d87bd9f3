# Model A on Fashion-MNIST: accuracy_hw against ADC bits for 64-, 128- and 256-row crossbars,
# without and with one epoch of ADC-aware fine-tuning (docs/accuracy.md).
# Data: build/tests/hw_accuracy_bench adc ROWS ... > docs/figures/adc-study-ROWS.dat
# Run from the repository root: gnuplot docs/figures/adc-study.gp
set terminal svg size 720,440 font "sans,12"
set output "docs/figures/adc-study.svg"
set title "Model A, Fashion-MNIST: accuracy through the crossbars (mnsim-2024, 1-bit DACs and cells)"
set xlabel "ADC resolution (bits)"
set ylabel "accuracy_hw (%)"
set yrange [0:100]
set xrange [2.5:9.5]
set xtics 1
set grid
set key bottom right
plot for [r in "64 128 256"] "docs/figures/adc-study-".r.".dat" using 2:($3*100) with linespoints lw 2 title r." rows", \
     for [r in "64 128 256"] "docs/figures/adc-study-".r.".dat" using 2:($4*100) with linespoints dt 2 lw 2 title r." rows, fine-tuned"
